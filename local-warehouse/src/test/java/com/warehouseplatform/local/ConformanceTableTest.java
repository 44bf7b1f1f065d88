package com.warehouseplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Holds docs/local-warehouse.md's conformance table to the tests: every row names at least one test,
 * every test named exists, and each carries {@link RedshiftDoc} with one of its row's pages.
 */
class ConformanceTableTest {

    private static final Path DOC = Path.of("..", "docs", "local-warehouse.md");
    private static final List<String> TEST_PACKAGES = List.of(
            "com.warehouseplatform.local", "com.warehouseplatform.local.e2e", "com.warehouseplatform.local.cli");
    private static final Pattern TEST_NAME = Pattern.compile("`(\\.\\.\\.|[A-Z]\\w*\\.)(\\w+)`");

    record Row(String behaviour, List<String> pages, List<String> tests) {}

    @Test
    void everyRowNamesExistingTestsThatCarryOneOfItsPages() throws IOException {
        List<Row> rows = rows();
        assertThat(rows).hasSizeGreaterThan(10);
        List<String> problems = new ArrayList<>();
        for (Row row : rows) {
            if (row.pages().isEmpty()) {
                problems.add(row.behaviour() + ": names no documentation page");
            }
            if (row.tests().isEmpty()) {
                problems.add(row.behaviour() + ": names no test as `Class.method`");
            }
            for (String test : row.tests()) {
                String problem = problem(test, row.pages());
                if (problem != null) {
                    problems.add(row.behaviour() + ": " + test + " " + problem);
                }
            }
        }
        assertThat(problems).as("conformance rows of %s", DOC).isEmpty();
    }

    @Test
    void pageIdsAreReadFromTheGuidesNamesAndLeaveOutTheNotes() {
        assertThat(pages("Management Guide: data-api-access (Authorizing access), r_COPY (COPY needs INSERT)"))
                .containsExactly("data-api-access", "r_COPY");
        assertThat(pages("Data API Reference: API_GetStatementResult; sys_view_migration"))
                .containsExactly("API_GetStatementResult", "sys_view_migration");
    }

    private static String problem(String test, List<String> pages) {
        String className = test.substring(0, test.indexOf('.'));
        String methodName = test.substring(test.indexOf('.') + 1);
        Class<?> type = TEST_PACKAGES.stream()
                .map(p -> load(p + "." + className))
                .filter(c -> c != null)
                .findFirst()
                .orElse(null);
        if (type == null) {
            return "is no test class in " + TEST_PACKAGES;
        }
        List<Method> methods = Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.getName().equals(methodName))
                .toList();
        if (methods.isEmpty()) {
            return "is no method of " + type.getName();
        }
        RedshiftDoc doc = methods.get(0).getAnnotation(RedshiftDoc.class);
        if (doc == null) {
            return "has no @RedshiftDoc (its row's pages: " + pages + ")";
        }
        if (Arrays.stream(doc.value()).noneMatch(pages::contains)) {
            return "has @RedshiftDoc" + Arrays.toString(doc.value()) + ", none of its row's pages " + pages;
        }
        return null;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    static List<Row> rows() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        String section = doc.substring(doc.indexOf("## Conformance with Redshift"));
        List<Row> rows = new ArrayList<>();
        for (String line : section.split("\n")) {
            if (!line.startsWith("| ") || line.startsWith("| behaviour |") || line.startsWith("| ---")) {
                continue;
            }
            String[] cells = line.substring(1).split("(?<!\\\\)\\|");
            assertThat(cells).as("cells of %s", line).hasSizeGreaterThanOrEqualTo(4);
            rows.add(new Row(cells[0].trim(), pages(cells[2]), tests(cells[3])));
        }
        return rows;
    }

    private static List<String> tests(String cell) {
        List<String> tests = new ArrayList<>();
        String currentClass = null;
        Matcher m = TEST_NAME.matcher(cell);
        while (m.find()) {
            if (!m.group(1).equals("...")) {
                currentClass = m.group(1).substring(0, m.group(1).length() - 1);
            }
            if (currentClass != null) {
                tests.add(currentClass + "." + m.group(2));
            }
        }
        return tests;
    }

    static List<String> pages(String cell) {
        List<String> pages = new ArrayList<>();
        String withoutNotes = cell.replaceAll("\\([^)]*\\)", " ");
        for (String item : withoutNotes.split("[,;]")) {
            String page = item.contains(":") ? item.substring(item.lastIndexOf(':') + 1) : item;
            String[] words = page.trim().split("\\s+");
            if (!words[0].isEmpty()) {
                pages.add(words[0]);
            }
        }
        return pages;
    }
}
