package dev.modelgate.policy.documentation;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project documents itself: every relative link in the README and in {@code docs/} (and the other
 * markdown files of the repository) must resolve in a clone, anchors included, and nothing may point
 * outside the repository, where a clone has nothing.
 */
class DocumentationLinksTest {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$", Pattern.MULTILINE);
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyRelativeLinkResolvesInAClone() throws IOException {
        List<Path> pages = markdownPages();
        assertThat(pages).extracting(p -> ROOT.relativize(p).toString())
                .contains("README.md", "docs/architecture.md", "docs/policy-reference.md", "docs/operations.md",
                        "docs/benchmarks.md");
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            String text = withoutCodeBlocks(Files.readString(page, StandardCharsets.UTF_8));
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String problem = check(page, m.group(1));
                if (problem != null) {
                    broken.add(ROOT.relativize(page) + ": " + m.group(1) + " (" + problem + ")");
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void theReadmeIsAMapNotTheManual() throws IOException {
        assertThat(Files.size(ROOT.resolve("README.md"))).as("README.md bytes").isLessThan(10_000);
    }

    private static String check(Path page, String link) throws IOException {
        if (link.matches("^[a-z][a-z0-9+.-]*:.*")) {
            return null; // https:, mailto:: not this test's business
        }
        int hash = link.indexOf('#');
        String file = hash < 0 ? link : link.substring(0, hash);
        String anchor = hash < 0 ? null : link.substring(hash + 1);
        Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!target.startsWith(ROOT)) {
            return "outside the repository";
        }
        if (!Files.exists(target)) {
            return "no such file";
        }
        if (anchor != null && target.toString().endsWith(".md") && !anchors(target).contains(anchor)) {
            return "no such heading";
        }
        return null;
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> out = new HashSet<>();
        Matcher m = HEADING.matcher(withoutCodeBlocks(Files.readString(page, StandardCharsets.UTF_8)));
        while (m.find()) {
            String base = m.group(1).trim().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            String anchor = base;
            for (int n = 1; !out.add(anchor); n++) {
                anchor = base + "-" + n;
            }
        }
        return out;
    }

    private static String withoutCodeBlocks(String markdown) {
        return markdown.replaceAll("(?s)```.*?```", "");
    }

    private static List<Path> markdownPages() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> {
                        String rel = ROOT.relativize(p).toString();
                        return !rel.contains("target/") && !rel.startsWith(".") && !rel.contains("/.")
                                && !rel.contains("node_modules/");
                    })
                    .sorted().toList();
        }
    }
}
