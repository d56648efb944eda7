package dev.modelgate.policy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Normalises the layout of policy files without touching their content or comments: LF line endings,
 * no byte-order mark, no trailing spaces, tabs in indentation turned into two spaces, exactly one newline at the end.
 * A re-emitting formatter would drop the comments ops teams rely on, so this one works line by line.
 */
@Command(name = "fmt", description = {"Normalise the layout of policy files (line endings, trailing spaces, tabs, final newline).",
        "With --check, change nothing and exit 1 if any file would change."})
final class FmtCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--check", description = "Only report files that are not formatted.")
    boolean check;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Policy files or directories.")
    List<Path> paths;

    @Override
    public Integer call() throws IOException {
        int unformatted = 0;
        for (Path file : expand()) {
            byte[] bytes = Files.readAllBytes(file);
            String original = new String(bytes, StandardCharsets.UTF_8);
            String formatted = format(original);
            if (!formatted.equals(original)) {
                unformatted++;
                if (check) {
                    spec.commandLine().getErr().println(file + ": not formatted (run: modelgate fmt " + file + ")");
                } else {
                    Files.writeString(file, formatted, StandardCharsets.UTF_8);
                    spec.commandLine().getOut().println("formatted " + file);
                }
            }
        }
        return check && unformatted > 0 ? 1 : 0;
    }

    static String format(String text) {
        String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
        s = s.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder out = new StringBuilder(s.length());
        for (String line : s.split("\n", -1)) {
            int indent = 0;
            StringBuilder lead = new StringBuilder();
            while (indent < line.length() && (line.charAt(indent) == ' ' || line.charAt(indent) == '\t')) {
                lead.append(line.charAt(indent) == '\t' ? "  " : " ");
                indent++;
            }
            out.append(lead).append(line.substring(indent).stripTrailing()).append('\n');
        }
        String result = out.toString().replaceAll("\n+\\z", "\n");
        return result.isBlank() ? "" : result;
    }

    private List<Path> expand() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().forEach(files::add);
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }
}
