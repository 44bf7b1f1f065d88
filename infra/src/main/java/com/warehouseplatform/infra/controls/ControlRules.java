package com.warehouseplatform.infra.controls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The catalog of Control Tower proactive controls read from the rule files of
 * {@code @cdklabs/cdk-validator-cfnguard} ({@code rules/control-tower/cfn-guard/<service>/ct-*.guard}). Each file
 * holds one control: its header names the rule ({@code # Rule Identifier:}) and the resource types it reports on
 * ({@code # Reports on:}), and its custom message carries {@code [CT.X.PR.N]: description} and {@code [FIX]: ...}.
 */
public final class ControlRules {
    /** A control id as Control Tower writes it; services may contain a hyphen (CT.NETWORK-FIREWALL.PR.1). */
    public static final Pattern CONTROL_ID = Pattern.compile("CT\\.[A-Z0-9-]+\\.PR\\.[0-9]+");

    private static final Pattern MESSAGE = Pattern.compile("\\[(" + CONTROL_ID.pattern() + ")\\]:\\s*(.+)");
    private static final Pattern FIX = Pattern.compile("\\[FIX\\]:\\s*(.+)");
    private static final Pattern PRIMARY_RULE = Pattern.compile("^rule\\s+(\\w+)\\s+when\\b");
    private static final Pattern HEADER_VALUE = Pattern.compile("^#\\s+(\\S.*)$");

    /** CT.S3.PR.2 before CT.S3.PR.10: by service, then by the control's number. */
    public static final Comparator<String> BY_NUMBER = Comparator.comparing(
                    (String id) -> id.substring(0, id.lastIndexOf('.')))
            .thenComparingInt(id -> Integer.parseInt(id.substring(id.lastIndexOf('.') + 1)));

    private final Map<String, Control> byRuleName;
    private final Map<String, Control> byId;

    private ControlRules(Map<String, Control> byRuleName, Map<String, Control> byId) {
        this.byRuleName = byRuleName;
        this.byId = byId;
    }

    public static ControlRules read(Path rulesDirectory) {
        if (!Files.isDirectory(rulesDirectory)) {
            throw new ControlException("no Control Tower rules at " + rulesDirectory + ": run npm ci");
        }
        Map<String, Control> byRuleName = new TreeMap<>();
        Map<String, Control> byId = new TreeMap<>(BY_NUMBER);
        try (Stream<Path> files = Files.walk(rulesDirectory)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".guard")).sorted().toList()) {
                Control control = parse(file, Files.readAllLines(file, StandardCharsets.UTF_8));
                byRuleName.put(control.ruleName(), control);
                // cfn-guard names a finding by the file's primary rule ("rule <name> when ...")
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    Matcher primary = PRIMARY_RULE.matcher(line);
                    if (primary.find()) {
                        byRuleName.putIfAbsent(primary.group(1), control);
                    }
                }
                byId.put(control.id(), control);
            }
        } catch (IOException e) {
            throw new ControlException("cannot read the rules under " + rulesDirectory + ": " + e.getMessage());
        }
        if (byId.isEmpty()) {
            throw new ControlException("no *.guard rule file under " + rulesDirectory + ": run npm ci");
        }
        return new ControlRules(byRuleName, byId);
    }

    static Control parse(Path file, List<String> lines) {
        String ruleName = null;
        String id = null;
        String description = null;
        String fix = "";
        List<String> reportsOn = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if ((line.equals("# Rule Identifier:") || line.equals("# Rule Name:")) && i + 1 < lines.size()) {
                ruleName = headerValue(lines.get(i + 1));
            } else if (line.equals("# Reports on:")) {
                for (int j = i + 1; j < lines.size(); j++) {
                    String type = headerValue(lines.get(j));
                    if (type == null || type.endsWith(":")) {
                        break;
                    }
                    for (String one : type.split(",")) {
                        reportsOn.add(one.strip());
                    }
                }
            } else if (id == null) {
                Matcher message = MESSAGE.matcher(line);
                if (message.matches()) {
                    id = message.group(1);
                    description = message.group(2).strip();
                }
            } else if (fix.isEmpty()) {
                Matcher fixLine = FIX.matcher(line);
                if (fixLine.matches()) {
                    fix = fixLine.group(1).strip();
                }
            }
        }
        if (ruleName == null || id == null || reportsOn.isEmpty()) {
            throw new ControlException(file + " is not a Control Tower rule file as expected: it needs a"
                    + " '# Rule Identifier:' (or Name), a '# Reports on:' and a '[CT.X.PR.N]: ...' message");
        }
        return new Control(id, ruleName, description, fix, List.copyOf(reportsOn));
    }

    private static String headerValue(String line) {
        Matcher m = HEADER_VALUE.matcher(line.strip());
        return m.matches() ? m.group(1).strip() : null;
    }

    public Optional<Control> byRuleName(String ruleName) {
        return Optional.ofNullable(byRuleName.get(ruleName));
    }

    public Optional<Control> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every control, ordered by id. */
    public Collection<Control> all() {
        return byId.values();
    }
}
