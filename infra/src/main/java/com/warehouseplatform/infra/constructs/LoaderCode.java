package com.warehouseplatform.infra.constructs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Runtime;

/** The shaded jar of lambda-functions, built by Maven before synth (infra/bin/cdk-app, the reactor). */
public final class LoaderCode {
    static final String JAR = "lambda-functions/target/loader.jar";
    public static final String LOADER_HANDLER = "com.warehouseplatform.loader.LoaderHandler::handleRequest";
    public static final String BOOTSTRAP_HANDLER = "com.warehouseplatform.loader.BootstrapHandler::handleRequest";
    public static final String ACCESS_HANDLER = "com.warehouseplatform.loader.AccessHandler::handleRequest";
    public static final String MIGRATION_HANDLER = "com.warehouseplatform.loader.MigrationHandler::handleRequest";

    /** The newest Java runtime Lambda offers; the jar is compiled for Java 17 and runs on it. */
    public static final Runtime RUNTIME = Runtime.JAVA_25;

    private LoaderCode() {}

    /** The jar, found from the project root (the CDK CLI) or from a module folder (tests). */
    public static Code jar() {
        for (Path candidate : List.of(Path.of(JAR), Path.of("..", JAR))) {
            if (Files.isRegularFile(candidate)) {
                return Code.fromAsset(candidate.toString());
            }
        }
        throw new IllegalStateException(
                JAR + " not found: build it first with " + "mvn -B -q -DskipTests -pl lambda-functions package");
    }
}
