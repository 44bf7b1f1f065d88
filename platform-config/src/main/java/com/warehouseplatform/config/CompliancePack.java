package com.warehouseplatform.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A cdk-nag rule pack an environment runs besides AwsSolutions and Serverless ({@code compliance} in
 * config/&lt;env&gt;.yaml). The config module knows only the names; infra maps each to its cdk-nag class.
 */
public enum CompliancePack {
    NIST_800_53_R5("nist-800-53-r5"),
    HIPAA("hipaa"),
    PCI_DSS_321("pci-dss-3.2.1");

    private final String configName;

    CompliancePack(String configName) {
        this.configName = configName;
    }

    /** The name as config/&lt;env&gt;.yaml spells it. */
    public String configName() {
        return configName;
    }

    /** The names config accepts, in declaration order. */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(CompliancePack::configName).toList();
    }

    public static Optional<CompliancePack> ofConfigName(String name) {
        return Arrays.stream(values()).filter(p -> p.configName.equals(name)).findFirst();
    }

    /** Reads the top-level {@code compliance} list: known names, each once; none when absent. */
    static List<CompliancePack> read(YamlObject o) {
        List<String> names = o.strings("compliance", false);
        List<CompliancePack> packs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Optional<CompliancePack> pack = ofConfigName(name);
            if (pack.isEmpty()) {
                o.problem(
                        "compliance[" + i + "]",
                        "\"" + name + "\" is not a compliance pack; the packs are " + String.join(", ", configNames()));
            } else if (packs.contains(pack.get())) {
                o.problem("compliance[" + i + "]", "\"" + name + "\" is listed twice");
            } else {
                packs.add(pack.get());
            }
        }
        return List.copyOf(packs);
    }
}
