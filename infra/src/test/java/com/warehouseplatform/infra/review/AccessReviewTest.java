package com.warehouseplatform.infra.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review's "who can read and write what" on crafted synths: the roles of the access step's
 * {@code Custom::WarehouseAccess} resource as its contract gives them, the principals the sign-in IAM role trusts,
 * the users of each role; and with a baseline, a widened grant marked and a narrowed one listed plainly.
 */
class AccessReviewTest {
    static final String ANALYSTS = "arn:aws:iam::123456789012:role/DataAnalysts";
    static final String AUDITORS = "arn:aws:iam::123456789012:role/Auditors";

    @TempDir
    Path dir;

    /** The platform with the access step of the example config and the analyst role's sign-in role. */
    static CdkOutFixture withAccess() {
        return CdkOutFixture.platform()
                .add("prod-loaders", "SignInAnalyst", """
                        {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "prod-signin-analyst",
                          "AssumeRolePolicyDocument": {"Statement": [
                            {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "%s"}}]}}}""".formatted(ANALYSTS))
                .add("prod-loaders", "Access", """
                        {"Type": "Custom::WarehouseAccess", "Properties": {
                          "ServiceToken": {"Fn::GetAtt": ["AccessFunction", "Arn"]},
                          "ClusterIdentifier": "prod-warehouse", "Database": "analytics",
                          "Roles": [
                            {"name": "analyst", "read": ["sales", "web"], "write": [], "signInUser": "IAMR:prod-signin-analyst"},
                            {"name": "loader_ops", "read": ["sales"], "write": ["sales"]}],
                          "Users": [{"name": "tableau", "roles": ["analyst"],
                            "secretArn": {"Ref": "TableauSecret"}}],
                          "TableOwners": ["warehouse_admin"],
                          "MigrationsChecksum": "abc"}}""");
    }

    private static ObjectNode role(CdkOutFixture fixture, int index) {
        return (ObjectNode) fixture.resource("prod-loaders", "Access")
                .path("Properties")
                .path("Roles")
                .get(index);
    }

    private Review review(CdkOutFixture fixture) {
        Review review = Review.of(fixture.writeTo(dir.resolve("cdk.out")));
        assertThat(review.status()).as(review.errors()).isZero();
        return review;
    }

    private Review review(CdkOutFixture baseline, CdkOutFixture current) {
        Review review =
                Review.against(baseline.writeTo(dir.resolve("baseline")), current.writeTo(dir.resolve("current")));
        assertThat(review.status()).as(review.errors()).isZero();
        return review;
    }

    @Test
    void showsEachRoleWithItsSchemasSignInAndUsers() {
        Review review = review(withAccess());

        String section = ReviewText.section(review.markdown(), "## Who can read and write what");
        assertThat(section).contains("`prod-loaders/Access`");
        assertThat(review.lines("| `analyst` |"))
                .containsExactly("| `analyst` | `sales`, `web` | none | `prod-loaders/SignInAnalyst` | `" + ANALYSTS
                        + "` | `tableau` |  |");
        assertThat(review.lines("| `loader_ops` |"))
                .containsExactly("| `loader_ops` | `sales` | `sales` |  | no one (no signIn) | none |  |");
        assertThat(review.lines("- Access: "))
                .containsExactly("- Access: 2 roles (1 with IAM sign-in), 1 service users, nothing marked");
    }

    @Test
    void findsTheSignInRoleThroughARef() {
        CdkOutFixture fixture = withAccess();
        role(fixture, 0)
                .set(
                        "signInUser",
                        Json.MAPPER
                                .createObjectNode()
                                .set(
                                        "Fn::Join",
                                        Json.MAPPER
                                                .createArrayNode()
                                                .add("")
                                                .add(Json.MAPPER
                                                        .createArrayNode()
                                                        .add("IAMR:")
                                                        .add(Json.MAPPER
                                                                .createObjectNode()
                                                                .put("Ref", "SignInAnalyst")))));

        assertThat(review(fixture).lines("| `analyst` |"))
                .singleElement()
                .asString()
                .contains("| `prod-loaders/SignInAnalyst` | `" + ANALYSTS + "` |");
    }

    @Test
    void marksARoleThatReachesOpsAndASignInRoleMissingFromTheSynth() {
        CdkOutFixture fixture = withAccess();
        ((ArrayNode) role(fixture, 1).path("read")).add("ops");
        role(fixture, 0).put("signInUser", "IAMR:someone-else");

        Review review = review(fixture);

        assertThat(review.lines("| `loader_ops` |"))
                .singleElement()
                .asString()
                .endsWith("| **OPS**: reaches the ops schema |");
        assertThat(review.lines("| `analyst` |"))
                .singleElement()
                .asString()
                .contains("| `IAMR:someone-else` |")
                .endsWith("| sign-in IAM role not in this synth |");
        assertThat(review.lines("- Access: "))
                .containsExactly("- Access: 2 roles (1 with IAM sign-in), 1 service users, **2 marked**");
    }

    @Test
    void marksASignInTrustOpenToAnyone() {
        CdkOutFixture fixture = withAccess()
                .properties(
                        "prod-loaders",
                        "SignInAnalyst",
                        p -> ((ObjectNode) p.path("AssumeRolePolicyDocument")
                                        .path("Statement")
                                        .get(0)
                                        .path("Principal"))
                                .put("AWS", "*"));

        assertThat(review(fixture).lines("| `analyst` |"))
                .singleElement()
                .asString()
                .endsWith("| `*` | `tableau` | **PUBLIC**: anyone may sign in |");
    }

    @Test
    void withoutTheAccessResourceSaysNoAccessIsManaged() {
        Review review = review(CdkOutFixture.platform());

        assertThat(ReviewText.section(review.markdown(), "## Who can read and write what"))
                .contains("No access is managed")
                .doesNotContain("| role |");
        assertThat(review.lines("- Access: ")).containsExactly("- Access: none managed (no Custom::WarehouseAccess)");
    }

    @Test
    void marksAWidenedGrantAndListsANarrowedOnePlainly() {
        CdkOutFixture current = withAccess();
        ((ArrayNode) role(current, 0).path("read")).remove(1);
        ((ArrayNode) role(current, 1).path("write")).removeAll();
        ((ArrayNode) role(current, 0).path("read")).add("finance");
        ((ArrayNode) current.resource("prod-loaders", "SignInAnalyst")
                        .path("Properties")
                        .path("AssumeRolePolicyDocument")
                        .path("Statement"))
                .addObject()
                .put("Effect", "Allow")
                .put("Action", "sts:AssumeRole")
                .putObject("Principal")
                .put("AWS", AUDITORS);
        ((ArrayNode) current.resource("prod-loaders", "Access")
                        .path("Properties")
                        .path("Users"))
                .addObject()
                .put("name", "notebooks")
                .set("roles", Json.MAPPER.createArrayNode().add("loader_ops"));

        Review review = review(withAccess(), current);

        String changes = ReviewText.section(review.markdown(), "## Changes");
        assertThat(changes.lines().filter(l -> l.startsWith("| + |") || l.startsWith("| - |")))
                .containsExactly(
                        "| + | `analyst` | reads | `finance` | **widened** |",
                        "| + | `analyst` | signed in by | `" + AUDITORS + "` | **widened** |",
                        "| + | `loader_ops` | user | `notebooks` | **widened** |",
                        "| - | `analyst` | reads | `web` |  |",
                        "| - | `loader_ops` | writes | `sales` |  |");
        assertThat(review.markdown()).contains("Access: **3 widened**, 2 narrowed (see \"Access changes\").");
    }

    @Test
    void aNarrowedGrantIsNotMarkedWidened() {
        CdkOutFixture current = withAccess();
        ((ArrayNode) role(current, 0).path("read")).remove(1);

        Review review = review(withAccess(), current);

        assertThat(review.lines("| - | `analyst` | reads | `web` |  |")).hasSize(1);
        assertThat(review.markdown())
                .doesNotContain("| **" + AccessChanges.WIDENED + "** |")
                .contains("Access: nothing widened, 1 narrowed");
    }

    @Test
    void theFirstAccessStepWidensEveryGrantItGives() {
        Review review = review(CdkOutFixture.platform(), withAccess());

        assertThat(review.lines("| + | `analyst` |"))
                .containsExactly(
                        "| + | `analyst` | reads | `sales` | **widened** |",
                        "| + | `analyst` | reads | `web` | **widened** |",
                        "| + | `analyst` | signed in by | `" + ANALYSTS + "` | **widened** |",
                        "| + | `analyst` | user | `tableau` | **widened** |");
    }

    @Test
    void anUnchangedAccessStepShowsNoAccessChange() {
        Review review = review(
                withAccess(), withAccess().properties("prod-loaders", "OrdersLogs", p -> p.put("RetentionInDays", 90)));

        assertThat(review.markdown())
                .contains("Access: no grant, sign-in or user role is added or removed.")
                .doesNotContain("| + | `analyst`");
    }
}
