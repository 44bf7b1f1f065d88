package com.warehouseplatform.infra.review;

/** Input the review cannot work with: a folder that is not a cdk.out, an unreadable file, a bad argument. */
public class ReviewException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReviewException(String message) {
        super(message);
    }
}
