package com.warehouseplatform.local;

import java.util.Map;

/** An error answered to a Data API call: its {@code __type}, message and HTTP status. */
final class DataApiException extends RuntimeException {

    final String type;
    final int httpStatus;
    final Map<String, String> extraFields;

    DataApiException(String type, String message) {
        this(type, message, 400, Map.of());
    }

    DataApiException(String type, String message, int httpStatus, Map<String, String> extraFields) {
        super(message, null, false, false);
        this.type = type;
        this.httpStatus = httpStatus;
        this.extraFields = extraFields;
    }

    static DataApiException validation(String message) {
        return new DataApiException("ValidationException", message);
    }

    static DataApiException notFound(String message, String resourceId) {
        return new DataApiException("ResourceNotFoundException", message, 400, Map.of("ResourceId", resourceId));
    }
}
