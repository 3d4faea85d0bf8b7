package io.arrears.infra.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every "DESIGN.md §n" in the code and the docs names a section of docs/DESIGN.md, which is in the repository. */
class DesignReferencesTest {

    private static final Pattern REFERENCE = Pattern.compile("DESIGN\\.md(?:\\]\\([^)]*\\))? §(\\d+)");

    @Test
    void everySectionReferenceResolves() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("mvnw"))) {
            root = root.getParent();
        }
        String design = Files.readString(root.resolve("docs/DESIGN.md"));
        List<String> references = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(DesignReferencesTest::isSource).toList()) {
                Matcher matcher = REFERENCE.matcher(Files.readString(file));
                while (matcher.find()) {
                    String where = root.relativize(file) + " §" + matcher.group(1);
                    references.add(where);
                    if (!design.contains("\n## " + matcher.group(1) + ". ")) {
                        unresolved.add(where);
                    }
                }
            }
        }
        assertThat(references).hasSizeGreaterThan(10);
        assertThat(unresolved).isEmpty();
    }

    private static boolean isSource(Path file) {
        String path = file.toString();
        return (path.endsWith(".java") || path.endsWith(".md")) && !path.contains("/target/")
                && !path.contains("/.git/") && !path.contains("/node_modules/");
    }
}
