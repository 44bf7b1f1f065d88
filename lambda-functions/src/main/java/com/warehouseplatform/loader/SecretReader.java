package com.warehouseplatform.loader;

import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The password of a service user, from its secret. In AWS: Secrets Manager's JSON secret
 * ({@code {"engine":"redshift","username":...,"password":...}}, the form Secrets Manager's Redshift
 * rotation reads and writes). The local warehouse serves no Secrets Manager: its CLI and tests give
 * the session's generated passwords through this seam instead.
 */
@FunctionalInterface
public interface SecretReader {

    /** The password of {@code user}, kept in {@code secretArn}; never logged by the caller. */
    String password(String secretArn, String user);

    static SecretReader of(SecretsManagerClient client) {
        return (secretArn, user) -> {
            String json = client.getSecretValue(b -> b.secretId(secretArn)).secretString();
            if (json == null) {
                throw new IllegalStateException("the secret of user " + user + " holds no text");
            }
            // messages name the user, never the secret's content (a parser's message may quote it)
            String username;
            String password;
            try {
                Json.Fields fields = Json.read(json.getBytes(StandardCharsets.UTF_8), "secret");
                username = fields.optionalText("username");
                password = fields.optionalText("password");
            } catch (RuntimeException e) {
                throw new IllegalStateException("the secret of user " + user + " is not a JSON object");
            }
            if (username != null && !username.equals(user)) {
                throw new IllegalStateException("the secret of user " + user + " names another username");
            }
            if (password == null || password.isEmpty()) {
                throw new IllegalStateException("the secret of user " + user + " holds no password");
            }
            return password;
        };
    }
}
