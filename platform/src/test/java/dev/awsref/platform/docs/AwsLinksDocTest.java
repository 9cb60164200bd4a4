package dev.awsref.platform.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.testsupport.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every AWS limit in the docs links to AWS's page next to it (docs/README.md says on which date they
 * were checked). This test holds those links to AWS's own hosts over HTTPS: see {@link AwsLinks}.
 */
class AwsLinksDocTest {

    private static final Path ROOT = ProjectRoot.find();

    @Test
    void everyLinkToAnAwsPageInTheDocsIsHttpsOnDocsAwsAmazonComOrAwsAmazonCom() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        var problems = new ArrayList<String>();
        int awsLinks = 0;
        for (Path page : pages) {
            String markdown = Files.readString(page);
            awsLinks += markdown.split("\\]\\(https://(docs\\.)?aws\\.amazon\\.com/", -1).length - 1;
            problems.addAll(AwsLinks.problems(ROOT.relativize(page).toString(), markdown));
        }

        assertThat(awsLinks).as("links to AWS's pages in the docs").isGreaterThan(100);
        assertThat(problems).as("links to AWS that are not AWS's own pages").isEmpty();
    }

    @Test
    void aLinkOverPlainHttpToAMirrorOrToTheChinaPartitionIsReportedAndOthersAreNot() {
        String page = """
                [ok](https://docs.aws.amazon.com/sns/latest/dg/large-message-payloads.html)
                [blog](https://aws.amazon.com/blogs/mt/using-the-unified-cloudwatch-agent-to-send-traces-to-aws-x-ray/)
                [plain](http://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-fifo.html)
                [china](https://docs.amazonaws.cn/en_us/sns/latest/dg/fifo-message-delivery.html)
                [proxy](https://docs---aws.amazon.com.rproxy.goskope.com/sns/latest/dg/fifo-message-delivery.html)
                [spring](https://docs.spring.io/spring-boot/index.html)
                [calculator](https://calculator.aws/)
                """;

        assertThat(AwsLinks.problems("page.md", page))
                .hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("http://docs.aws.amazon.com/"))
                .anySatisfy(p -> assertThat(p).contains("docs.amazonaws.cn"))
                .anySatisfy(p -> assertThat(p).contains("rproxy.goskope.com"));
    }
}
