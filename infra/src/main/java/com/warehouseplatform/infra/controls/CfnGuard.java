package com.warehouseplatform.infra.controls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cfn-guard binary that {@code @cdklabs/cdk-validator-cfnguard} bundles (pinned in package.json, installed by
 * {@code npm ci}), run with the package's Control Tower rules over templates. cfn-guard exits with 19 when a rule
 * fails and 0 when none does; anything else is an error of its own.
 */
public final class CfnGuard {
    /** Where npm installs the package, relative to the repository root. */
    public static final Path PACKAGE = Path.of("node_modules", "@cdklabs", "cdk-validator-cfnguard");

    private static final int RULES_FAILED = 19;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path binary;
    private final Path rules;

    private CfnGuard(Path binary, Path rules) {
        this.binary = binary;
        this.rules = rules;
    }

    /** The package under {@code start} or the nearest of its parents that has it, for this OS and architecture. */
    public static CfnGuard locate(Path start) {
        return locate(start, System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    static CfnGuard locate(Path start, String osName, String osArch) {
        Path relative = PACKAGE.resolve("bin").resolve(platform(osName)).resolve(architecture(osArch));
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path pkg = dir.resolve(PACKAGE);
            if (Files.isDirectory(pkg)) {
                Path binary = dir.resolve(relative).resolve("cfn-guard");
                if (!Files.isExecutable(binary)) {
                    throw new ControlException(binary + " is missing or not executable: run npm ci");
                }
                return new CfnGuard(
                        binary, pkg.resolve("rules").resolve("control-tower").resolve("cfn-guard"));
            }
        }
        throw new ControlException("cfn-guard not found: " + PACKAGE + " is missing in " + start.toAbsolutePath()
                + " and its parents; run npm ci in the repository (package.json pins @cdklabs/cdk-validator-cfnguard)");
    }

    private static String platform(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return "ubuntu";
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return "macos";
        }
        throw new ControlException("@cdklabs/cdk-validator-cfnguard bundles cfn-guard for Linux and macOS only, not "
                + osName + ": run the check on Linux or macOS (CI runs it on Linux)");
    }

    private static String architecture(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default ->
                throw new ControlException(
                        "@cdklabs/cdk-validator-cfnguard bundles cfn-guard for x86_64 and aarch64 only, not " + osArch);
        };
    }

    public Path binary() {
        return binary;
    }

    public Path rules() {
        return rules;
    }

    /** cfn-guard's structured JSON for the templates: one element per template, with its not-compliant rules. */
    public JsonNode validate(List<Path> templates) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "validate", "--rules", rules.toString()));
        for (Path template : templates) {
            command.add("--data");
            command.add(template.toString());
        }
        command.addAll(List.of("--output-format", "json", "--show-summary", "none", "--structured"));
        try {
            Path errors = Files.createTempFile("cfn-guard", ".err");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectError(errors.toFile())
                        .start();
                byte[] output = process.getInputStream().readAllBytes();
                int status = process.waitFor();
                if (status != 0 && status != RULES_FAILED) {
                    throw new ControlException("cfn-guard exited with " + status + ": "
                            + Files.readString(errors, StandardCharsets.UTF_8).strip());
                }
                JsonNode results = MAPPER.readTree(output);
                if (results == null || !results.isArray() || results.size() != templates.size()) {
                    throw new ControlException("cfn-guard gave no result per template for " + templates);
                }
                return results;
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new ControlException("cannot run " + binary + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException("interrupted while cfn-guard ran");
        }
    }
}
