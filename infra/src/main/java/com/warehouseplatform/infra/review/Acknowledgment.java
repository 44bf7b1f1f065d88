package com.warehouseplatform.infra.review;

/**
 * One cdk-nag acknowledgment as CDK records it in the construct metadata
 * {@code aws:cdk:acknowledged-rules} ({@code {findingId: reason}}) of the construct at {@code path}.
 */
public record Acknowledgment(String stack, String path, String findingId, String reason) {

    /** True when the acknowledgment lies on the construct at {@code constructPath} or on one of its parents. */
    public boolean covers(String constructPath) {
        return constructPath != null && (constructPath.equals(path) || constructPath.startsWith(path + "/"));
    }

    /**
     * The finding id without the plugin prefix some packs add ({@code Serverless::Serverless-LambdaDLQ}, {@code
     * NIST.800.53.R5::NIST.800.53.R5-LambdaDLQ}).
     */
    public String rule() {
        return withoutPluginPrefix(findingId);
    }

    static String withoutPluginPrefix(String id) {
        return id.replaceFirst("^[A-Za-z][A-Za-z0-9.-]*::(?=\\S)", "");
    }
}
