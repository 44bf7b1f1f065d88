package com.warehouseplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.config.ConfigLoader;
import com.warehouseplatform.config.SchemaMigrationFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

/** Synth needs no credentials and no lookups, and the same input gives the same templates, byte for byte. */
class DeterministicSynthTest {

    private static CloudAssembly synth(Path out) {
        App app = new App(AppProps.builder()
                .context(WarehousePlatform.FEATURE_FLAGS)
                .outdir(out.toString())
                .build());
        WarehousePlatform.build(
                app, ConfigLoader.load(Platforms.CONFIG, "prod"), SchemaMigrationFiles.load(Platforms.CONFIG));
        return app.synth();
    }

    private static List<String> templates(Path out) throws IOException {
        try (var files = Files.list(out)) {
            return files.map(Path::getFileName)
                    .map(Path::toString)
                    .filter(n -> n.endsWith(".template.json"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void synthesizesTheSameTemplatesTwiceWithoutLookups(@TempDir Path first, @TempDir Path second) throws IOException {
        CloudAssembly assembly = synth(first);
        synth(second);

        assertThat(assembly.getManifest().getMissing())
                .as("context lookups, which would need credentials")
                .isNullOrEmpty();
        List<String> names = templates(first);
        assertThat(names)
                .containsExactly(
                        "prod-data-lake.template.json",
                        "prod-loaders.template.json",
                        "prod-network.template.json",
                        "prod-warehouse-dr.template.json",
                        "prod-warehouse.template.json");
        assertThat(templates(second)).isEqualTo(names);
        for (String name : names) {
            assertThat(Files.readString(second.resolve(name)))
                    .as(name)
                    .isEqualTo(Files.readString(first.resolve(name)));
        }
        assertThat(Files.readString(first.resolve("prod-network.template.json")))
                .doesNotContain("dummy1a")
                .contains("Fn::GetAZs");
    }
}
