package io.busquake.emulator.internal.cloudwatch;

/**
 * A CloudWatch error with both of AWS's names for it: the Smithy shape name (the {@code __type} of the CBOR and JSON
 * protocols) and the query-protocol code (the XML {@code Code} and the {@code x-amzn-query-error} header), which
 * differ for most CloudWatch errors.
 */
final class CloudWatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String shape;
    private final String queryCode;
    private final int httpStatus;

    private CloudWatchException(String shape, String queryCode, int httpStatus, String message) {
        super(message, null, false, false);
        this.shape = shape;
        this.queryCode = queryCode;
        this.httpStatus = httpStatus;
    }

    static CloudWatchException invalidParameter(String message) {
        return new CloudWatchException("InvalidParameterValueException", "InvalidParameterValue", 400, message);
    }

    static CloudWatchException missingParameter(String name) {
        return new CloudWatchException("MissingRequiredParameterException", "MissingParameter", 400,
                "The parameter " + name + " is required.");
    }

    static CloudWatchException combination(String message) {
        return new CloudWatchException("InvalidParameterCombinationException", "InvalidParameterCombination", 400,
                message);
    }

    /** AWS answers PutMetricAlarm's and GetMetricData's model violations with the generic ValidationError. */
    static CloudWatchException validation(String message) {
        return new CloudWatchException("ValidationError", "ValidationError", 400, message);
    }

    static CloudWatchException alarmNotFound(String message) {
        return new CloudWatchException("ResourceNotFound", "ResourceNotFound", 404, message);
    }

    static CloudWatchException invalidFormat(String message) {
        return new CloudWatchException("InvalidFormatFault", "InvalidFormat", 400, message);
    }

    static CloudWatchException resourceNotFound(String message) {
        return new CloudWatchException("ResourceNotFoundException", "ResourceNotFoundException", 404, message);
    }

    static CloudWatchException invalidNextToken(String token) {
        return new CloudWatchException("InvalidNextToken", "InvalidNextToken", 400,
                "The service couldn't process the NextToken '" + token + "'; pass a NextToken this endpoint returned.");
    }

    static CloudWatchException unknownOperation(String operation) {
        return new CloudWatchException("UnknownOperationException", "InvalidAction", 400,
                "busquake's CloudWatch does not implement " + operation);
    }

    static CloudWatchException internal(String message) {
        return new CloudWatchException("InternalServiceFault", "InternalServiceError", 500, message);
    }

    String shape() {
        return shape;
    }

    String queryCode() {
        return queryCode;
    }

    int httpStatus() {
        return httpStatus;
    }

    boolean senderFault() {
        return httpStatus < 500;
    }
}
