package io.busquake.emulator.internal;

/**
 * An error answered to a client with AWS's own code, HTTP status and message, so SDK clients react as they would in
 * production.
 */
public final class AwsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final int httpStatus;

    public AwsException(String code, int httpStatus, String message) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public static AwsException validation(String message) {
        return new AwsException("ValidationException", 400, message);
    }

    public static AwsException notFound(String message) {
        return new AwsException("ResourceNotFoundException", 400, message);
    }

    public static AwsException throttling() {
        return new AwsException("ThrottlingException", 400, "Rate exceeded");
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Whether the client (4xx) or the service (5xx) is at fault, as the query protocol's error Type says. */
    public boolean senderFault() {
        return httpStatus < 500;
    }
}
