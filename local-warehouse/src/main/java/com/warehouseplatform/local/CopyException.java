package com.warehouseplatform.local;

/** A COPY that cannot run or failed as a whole; the message becomes the statement's error. */
final class CopyException extends Exception {
    CopyException(String message) {
        super(message);
    }

    CopyException(String message, Throwable cause) {
        super(message, cause);
    }
}
