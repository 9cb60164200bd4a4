package dev.awsref.testsupport.fuzz;

/**
 * A named kind of input and its generator. {@code mustRefuse}: no sample of it may be accepted
 * (a 2xx is a failure); otherwise either answer is fine as long as it is not a 5xx.
 */
public record InputClass(String name, boolean mustRefuse, Gen<FuzzRequest> requests) {

    public static InputClass refused(String name, Gen<FuzzRequest> requests) {
        return new InputClass(name, true, requests);
    }

    public static InputClass either(String name, Gen<FuzzRequest> requests) {
        return new InputClass(name, false, requests);
    }
}
