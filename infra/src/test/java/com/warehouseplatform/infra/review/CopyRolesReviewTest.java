package com.warehouseplatform.infra.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The COPY roles part of the review's IAM section on crafted synths: which loader each role serves and which
 * prefixes it reads, and a flag on every role more than one loader could use.
 */
class CopyRolesReviewTest {
    @TempDir
    Path dir;

    private Review review(CdkOutFixture fixture) {
        Review review = Review.of(fixture.writeTo(dir.resolve("cdk.out")));
        assertThat(review.status()).isZero();
        return review;
    }

    /** A loader function of prod-loaders whose COPY_ROLE_ARN imports {@code export}. */
    private static String function(String loader, String source, String export) {
        return """
                {"Type": "AWS::Lambda::Function", "Properties": {"Handler": "h", "Runtime": "java25",
                  "Environment": {"Variables": {"LOADER_NAME": "%s", "SOURCE_PREFIX": "%s",
                    "COPY_ROLE_ARN": {"Fn::ImportValue": "%s"}}}}}""".formatted(loader, source, export);
    }

    private static String copyRole() {
        return """
                {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": [
                  {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "redshift.amazonaws.com"}},
                  {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "redshift-serverless.amazonaws.com"}}]}}}""";
    }

    private static String readPolicy(String role, String... keys) {
        StringBuilder resources = new StringBuilder();
        for (String key : keys) {
            resources
                    .append(resources.isEmpty() ? "" : ", ")
                    .append("{\"Fn::Join\": [\"\", [{\"Fn::GetAtt\": [\"RawBucket\", \"Arn\"]}, \"/")
                    .append(key)
                    .append("\"]]}");
        }
        return """
                {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "p", "Roles": [{"Ref": "%s"}],
                  "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": [%s]}]}}}""".formatted(role, resources);
    }

    /** Two loaders per role pair, each with its own COPY role that reads its own prefix and manifests. */
    private static CdkOutFixture perLoader() {
        return CdkOutFixture.platform()
                .remove("prod-data-lake", "CopyRole")
                .remove("prod-data-lake", "CopyRolePolicy")
                .add("prod-data-lake", "CopyRoleOrders", copyRole())
                .add(
                        "prod-data-lake",
                        "CopyRoleOrdersPolicy",
                        readPolicy("CopyRoleOrders", "orders/*", "manifests/orders/*"))
                .add("prod-data-lake", "CopyRoleCustomers", copyRole())
                .add(
                        "prod-data-lake",
                        "CopyRoleCustomersPolicy",
                        readPolicy("CopyRoleCustomers", "customers/*", "manifests/customers/*"))
                .export(
                        "prod-data-lake",
                        "OrdersRole",
                        "prod-data-lake:OrdersRoleArn",
                        "{\"Fn::GetAtt\": [\"CopyRoleOrders\", \"Arn\"]}")
                .export(
                        "prod-data-lake",
                        "CustomersRole",
                        "prod-data-lake:CustomersRoleArn",
                        "{\"Fn::GetAtt\": [\"CopyRoleCustomers\", \"Arn\"]}")
                .add("prod-loaders", "OrdersFunction", function("orders", "orders/", "prod-data-lake:OrdersRoleArn"))
                .add(
                        "prod-loaders",
                        "CustomersFunction",
                        function("customers", "customers/", "prod-data-lake:CustomersRoleArn"));
    }

    @Test
    void showsEachLoadersOwnRoleWithItsPrefixes() {
        Review review = review(perLoader());

        assertThat(review.lines("| `prod-data-lake/CopyRoleOrders` |"))
                .singleElement()
                .asString()
                .contains("| redshift.amazonaws.com, redshift-serverless.amazonaws.com | `orders` | `orders/*`, "
                        + "`manifests/orders/*` | `orders` |  |");
        assertThat(review.lines("| `prod-data-lake/CopyRoleCustomers` |"))
                .singleElement()
                .asString()
                .contains("| `customers` | `customers/*`, `manifests/customers/*` | `customers` |  |");
        assertThat(review.markdown())
                .doesNotContain("**" + CopyRoles.SHARED + "**")
                .contains("2 roles the warehouse may assume for COPY. Each serves one loader")
                .contains("2 COPY roles, none shared by loaders");
    }

    @Test
    void flagsARoleWhoseReadsReachAnotherLoadersPrefix() {
        Review review = review(perLoader().properties("prod-data-lake", "CopyRoleOrdersPolicy", p -> {
            var statement = (com.fasterxml.jackson.databind.node.ObjectNode)
                    p.path("PolicyDocument").path("Statement").get(0);
            statement.putArray("Resource").add("arn:aws:s3:::prod-raw-example/*");
        }));

        assertThat(review.lines("| `prod-data-lake/CopyRoleOrders` |"))
                .singleElement()
                .asString()
                .contains(
                        "| `orders` | `*` | `orders`, `customers` | **SHARED**: reads the files or manifests of 2 loaders |");
        assertThat(review.markdown())
                .contains("**1 could be used by more than one loader**")
                .contains("2 COPY roles, **1 shared by loaders**");
    }

    @Test
    void flagsOneRoleNamedByTwoLoaders() {
        Review review = review(CdkOutFixture.platform()
                .export(
                        "prod-data-lake",
                        "CopyRoleArn",
                        "prod-data-lake:CopyRoleArn",
                        "{\"Fn::GetAtt\": [\"CopyRole\", \"Arn\"]}")
                .add("prod-loaders", "OrdersFunction", function("orders", "orders/", "prod-data-lake:CopyRoleArn"))
                .add(
                        "prod-loaders",
                        "CustomersFunction",
                        function("customers", "customers/", "prod-data-lake:CopyRoleArn")));

        assertThat(review.lines("| `prod-data-lake/CopyRole` | redshift"))
                .singleElement()
                .asString()
                .contains(
                        "| `orders`, `customers` | `*` | `orders`, `customers` | **SHARED**: the COPY role of 2 loaders; "
                                + "**SHARED**: reads the files or manifests of 2 loaders |");
    }

    @Test
    void matchesKeyPatternsToPrefixes() {
        assertThat(CopyRoles.reachesPrefix("orders/*", "orders/")).isTrue();
        assertThat(CopyRoles.reachesPrefix("*", "orders/")).isTrue();
        assertThat(CopyRoles.reachesPrefix("ord*", "orders/")).isTrue();
        assertThat(CopyRoles.reachesPrefix("orders/2026/*", "orders/")).isTrue();
        assertThat(CopyRoles.reachesPrefix("orders-eu/*", "orders/")).isFalse();
        assertThat(CopyRoles.reachesPrefix("manifests/orders/*", "orders/")).isFalse();
        assertThat(CopyRoles.reachesPrefix("manifests/*", "manifests/customers/"))
                .isTrue();
        assertThat(CopyRoles.reachesPrefix("order", "orders/")).isFalse();
    }
}
