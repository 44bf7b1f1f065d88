package com.warehouseplatform.config;

import java.util.regex.Pattern;

/**
 * How the environment is deployed from CI: the GitHub repository whose workflows may deploy it. The deploy
 * identity stack gives the environment one role that GitHub's OIDC tokens of this repository and of the GitHub
 * environment named like this one ({@code repo:<githubRepository>:environment:<name>}) may assume.
 */
public record DeploymentConfig(String githubRepository) {
    /** GitHub's owner (user or organization: letters, digits, single hyphens) and repository name. */
    static final Pattern REPOSITORY =
            Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}/[A-Za-z0-9._-]{1,100}");

    static DeploymentConfig read(YamlObject o) {
        String repository = o.string("githubRepository", true);
        if (repository != null
                && (!REPOSITORY.matcher(repository).matches()
                        || repository.endsWith("/.")
                        || repository.endsWith("/.."))) {
            o.problem(
                    "githubRepository",
                    "must be owner/repository as GitHub spells it (e.g. example-org/warehouse-platform), got \""
                            + repository + "\"");
            return null;
        }
        return repository == null ? null : new DeploymentConfig(repository);
    }
}
