package dev.awsref.testsupport.awscalls;

import java.util.Optional;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every AWS API call made in an integration-test JVM as the IAM requests AWS would
 * authorize for it, so the build can check them against the instance roles (infra's
 * {@code InstanceRolesAllowRecordedCallsIT}). The SDK loads it into every client it builds, ours
 * and the ones KCL and Spring Cloud AWS build, from
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors} on the test classpath; no
 * production code knows of it.
 *
 * <p>It is active only where failsafe sets {@value CallLog#SERVICE_PROPERTY} (the module under
 * test) and {@value CallLog#DIRECTORY_PROPERTY}; anywhere else it does nothing.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        CallLog log = CallLog.shared();
        if (log == null) {
            return;
        }
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String region = Optional.ofNullable(
                        attributes.getAttribute(software.amazon.awssdk.awscore.AwsExecutionAttribute.AWS_REGION))
                .map(Object::toString)
                .orElse("us-east-1");
        Caller caller = Caller.ofCurrentThread(log.service());
        if (caller.isTestHarness()) {
            return; // the test's own set-up and assertions: not something a service does on AWS
        }
        for (IamRequest request : IamRequests.of(service, operation, context.request(), region)) {
            log.record(caller, service, operation, request);
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (CallLog.shared() == null) {
            return;
        }
        SdkRequest request = context.request();
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String region = Optional.ofNullable(
                        attributes.getAttribute(software.amazon.awssdk.awscore.AwsExecutionAttribute.AWS_REGION))
                .map(Object::toString)
                .orElse("us-east-1");
        IamRequests.rememberContinuations(operation, request, context.response(), region);
    }
}
