package dev.modelgate.policy.load;

import dev.modelgate.policy.validate.JsonPointers;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.modelgate.policy.model.Policy;
import dev.modelgate.policy.validate.BeanChecks;
import dev.modelgate.policy.validate.Finding;
import dev.modelgate.policy.validate.SemanticChecks;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads a policy from one or more YAML files: read with places, compose, check the shape, bind to
 * the records, validate annotations and semantics. Either a valid policy comes back or a
 * {@link PolicyException} with every problem found, each with file:line:column.
 */
public final class PolicyLoader {

    private static final ObjectMapper BINDER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final EnvInterpolator env;
    private final BeanChecks beanChecks = new BeanChecks();

    public PolicyLoader(EnvInterpolator env) {
        this.env = env;
    }

    /** Loads files; a directory stands for every *.yaml / *.yml below it, in name order. */
    public LoadedPolicy loadFiles(List<Path> paths) throws PolicyException {
        return load(readFiles(paths));
    }

    /**
     * Reads files as {@link #loadFiles} does, without parsing: hosts that watch policies compare these
     * bytes to decide whether anything changed.
     */
    public static List<PolicySource> readFiles(List<Path> paths) throws PolicyException {
        List<PolicySource> sources = new ArrayList<>();
        List<PolicyProblem> problems = new ArrayList<>();
        for (Path path : paths) {
            for (Path file : expand(path, problems)) {
                try {
                    sources.add(new PolicySource(file.toString(), Files.readAllBytes(file)));
                } catch (IOException e) {
                    problems.add(new PolicyProblem(SourceLocation.startOf(file.toString()), "cannot read file: " + e.getMessage()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(problems);
        }
        return sources;
    }

    public LoadedPolicy load(List<PolicySource> files) throws PolicyException {
        List<PolicyProblem> problems = new ArrayList<>();
        if (files.isEmpty()) {
            throw new PolicyException(List.of(new PolicyProblem(SourceLocation.startOf("<none>"), "no policy files given")));
        }
        SourceMap merged = new SourceMap(files.get(0).name());
        PolicyComposer composer = new PolicyComposer(merged, problems);
        for (PolicySource file : files) {
            SourceMap fileSources = new SourceMap(file.name());
            ObjectNode tree = YamlReader.read(file.name(), file.content(), env, fileSources, problems);
            if (tree != null) {
                composer.add(tree, fileSources);
            }
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(problems);
        }
        ObjectNode root = composer.result();
        ShapeChecker shape = new ShapeChecker(merged, problems);
        if (!shape.check(root, Policy.class, "")) {
            throw new PolicyException(problems);
        }
        Policy policy;
        try {
            policy = BINDER.treeToValue(root, Policy.class);
        } catch (JsonMappingException e) {
            // The shape check should have caught this; still, report it in place rather than as a trace.
            throw new PolicyException(List.of(new PolicyProblem(merged.valueAt(pointer(e)), e.getOriginalMessage())));
        } catch (IOException e) {
            throw new PolicyException(List.of(new PolicyProblem(SourceLocation.startOf(files.get(0).name()), e.getMessage())));
        }
        if (policy.version() == null) {
            problems.add(new PolicyProblem(SourceLocation.startOf(files.get(0).name()), "missing 'version: 1' at the top of the policy"));
        }
        List<Finding> findings = new ArrayList<>(beanChecks.check(policy));
        findings.addAll(SemanticChecks.check(policy));
        for (Finding f : findings) {
            if (f.pointer().equals("/version") && policy.version() == null || followsFrom(f.pointer(), shape.rejected())) {
                continue; // reported already, where it was first wrong
            }
            problems.add(new PolicyProblem(f.onKey() ? merged.keyAt(f.pointer()) : merged.valueAt(f.pointer()), f.message()));
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(problems);
        }
        return new LoadedPolicy(policy, merged, files.stream().map(PolicySource::name).toList());
    }

    private static boolean followsFrom(String pointer, java.util.Set<String> rejected) {
        for (String bad : rejected) {
            if (pointer.equals(bad) || pointer.startsWith(bad + "/")) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> expand(Path path, List<PolicyProblem> problems) {
        if (Files.isDirectory(path)) {
            // Links are followed: deploys switch a symlinked directory atomically, and Kubernetes mounts
            // ConfigMaps through links. A link cycle ends the walk with a reported problem.
            try (Stream<Path> walk = Files.walk(path, FileVisitOption.FOLLOW_LINKS)) {
                List<Path> found = walk.filter(Files::isRegularFile)
                        .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                        .sorted().toList();
                if (found.isEmpty()) {
                    problems.add(new PolicyProblem(SourceLocation.startOf(path.toString()), "no *.yaml or *.yml files in this directory"));
                }
                return found;
            } catch (IOException | java.io.UncheckedIOException e) {
                problems.add(new PolicyProblem(SourceLocation.startOf(path.toString()), "cannot list directory: " + e.getMessage()));
                return List.of();
            }
        }
        if (!Files.isRegularFile(path)) {
            problems.add(new PolicyProblem(SourceLocation.startOf(path.toString()), "no such file"));
            return List.of();
        }
        return List.of(path);
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            out.append('/').append(ref.getFieldName() != null ? JsonPointers.segment(ref.getFieldName()) : String.valueOf(ref.getIndex()));
        }
        return out.toString();
    }
}
