package dev.modelgate.policy.load;

import dev.modelgate.policy.validate.JsonPointers;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads one YAML policy file into a JSON tree and records where every key and value stands.
 *
 * <p>Jackson's YAML parser streams events without building SnakeYAML's node graph, so the tree is
 * built here: that is what lets every later check point at file:line:column, and what lets
 * anchors and aliases be expanded under a node budget (a "billion laughs" file is refused instead
 * of eating the heap). Duplicate keys, which YAML forbids but most parsers silently accept, are
 * reported too: in a policy the second value would quietly win.
 */
final class YamlReader {

    static final int MAX_FILE_BYTES = 4 * 1024 * 1024;
    static final int MAX_NODES = 200_000;
    static final int MAX_DEPTH = 64;

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final YAMLFactory YAML = yamlFactory();

    private final String file;
    private final EnvInterpolator env;
    private final SourceMap sources;
    private final List<PolicyProblem> problems;
    private final Map<String, JsonNode> anchors = new HashMap<>();
    private int nodes;

    private YamlReader(String file, EnvInterpolator env, SourceMap sources, List<PolicyProblem> problems) {
        this.file = file;
        this.env = env;
        this.sources = sources;
        this.problems = problems;
    }

    /** Reads one file; returns null (with problems added) when nothing usable could be read. */
    static ObjectNode read(String file, byte[] content, EnvInterpolator env, SourceMap sources,
                           List<PolicyProblem> problems) {
        if (content.length > MAX_FILE_BYTES) {
            problems.add(new PolicyProblem(SourceLocation.startOf(file), "file is " + content.length
                    + " bytes; policy files are limited to " + MAX_FILE_BYTES + " bytes. Split it into several files."));
            return null;
        }
        SourceLocation badByte = firstInvalidUtf8(file, content);
        if (badByte != null) {
            problems.add(new PolicyProblem(badByte, "file is not valid UTF-8; save it as UTF-8"));
            return null;
        }
        return new YamlReader(file, env, sources, problems).readDocument(content);
    }

    private ObjectNode readDocument(byte[] content) {
        try (JsonParser p = YAML.createParser(content)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                problems.add(new PolicyProblem(SourceLocation.startOf(file), "file is empty; a policy file is a YAML mapping such as 'version: 1'"));
                return null;
            }
            if (first != JsonToken.START_OBJECT) {
                problems.add(new PolicyProblem(here(p), "a policy file must be a YAML mapping (key: value), not " + describe(first)));
                return null;
            }
            ObjectNode root = (ObjectNode) readValue(p, "", 0);
            if (p.nextToken() != null) {
                problems.add(new PolicyProblem(here(p), "a policy file holds one YAML document; put the next one in a file of its own"));
            }
            return root;
        } catch (Budget e) {
            problems.add(new PolicyProblem(e.where, e.getMessage()));
            return null;
        } catch (JsonProcessingException e) {
            problems.add(malformed(e));
            return null;
        } catch (IOException e) {
            problems.add(new PolicyProblem(SourceLocation.startOf(file), "cannot read file: " + e.getMessage()));
            return null;
        }
    }

    private JsonNode readValue(JsonParser p, String pointer, int depth) throws IOException {
        SourceLocation where = here(p);
        if (depth > MAX_DEPTH) {
            throw new Budget(where, "nesting deeper than " + MAX_DEPTH + " levels; flatten the structure");
        }
        if (++nodes > MAX_NODES) {
            throw new Budget(where, "more than " + MAX_NODES + " YAML nodes (after expanding aliases); "
                    + "this looks like an alias bomb or a runaway file");
        }
        sources.putValue(pointer, where);
        YAMLParser yaml = (YAMLParser) p;
        if (yaml.isCurrentAlias()) {
            JsonNode target = anchors.get(p.getText());
            if (target == null) {
                problems.add(new PolicyProblem(where, "alias *" + p.getText() + " refers to no anchor defined before it"));
                return NODES.nullNode();
            }
            nodes += countNodes(target);
            if (nodes > MAX_NODES) {
                throw new Budget(where, "more than " + MAX_NODES + " YAML nodes after expanding alias *" + p.getText()
                        + "; this looks like an alias bomb");
            }
            return target.deepCopy();
        }
        String anchor = yaml.getObjectId();
        JsonNode value = switch (p.currentToken()) {
            case START_OBJECT -> readObject(p, pointer, depth);
            case START_ARRAY -> readArray(p, pointer, depth);
            case VALUE_STRING -> NODES.textNode(env.interpolate(p.getText(), where, problems));
            case VALUE_NUMBER_INT -> NODES.numberNode(p.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> NODES.textNode(p.getText());
        };
        if (anchor != null) {
            anchors.put(anchor, value);
        }
        return value;
    }

    private ObjectNode readObject(JsonParser p, String pointer, int depth) throws IOException {
        ObjectNode object = NODES.objectNode();
        Map<String, SourceLocation> seen = new HashMap<>();
        List<ObjectNode> merges = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            SourceLocation keyAt = here(p);
            p.nextToken();
            if ("<<".equals(key)) {
                // YAML merge key: "<<: *defaults" pulls in the anchored mapping; explicit keys win.
                collectMerges(readValue(p, pointer, depth + 1), keyAt, merges);
                continue;
            }
            String child = pointer + "/" + JsonPointers.segment(key);
            SourceLocation first = seen.putIfAbsent(key, keyAt);
            if (first != null) {
                problems.add(new PolicyProblem(keyAt, "duplicate key '" + key + "' (first defined at line "
                        + first.line() + "); remove one of them"));
                p.skipChildren();
                continue;
            }
            sources.putKey(child, keyAt);
            object.set(key, readValue(p, child, depth + 1));
        }
        for (ObjectNode merged : merges) {
            for (Iterator<Map.Entry<String, JsonNode>> it = merged.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!object.has(e.getKey())) {
                    object.set(e.getKey(), e.getValue().deepCopy());
                }
            }
        }
        return object;
    }

    private void collectMerges(JsonNode value, SourceLocation where, List<ObjectNode> merges) {
        if (value instanceof ObjectNode o) {
            merges.add(o);
        } else if (value instanceof ArrayNode a && a.valueStream().allMatch(ObjectNode.class::isInstance)) {
            a.forEach(n -> merges.add((ObjectNode) n));
        } else {
            problems.add(new PolicyProblem(where, "'<<' merges a mapping or a list of mappings (e.g. <<: *defaults)"));
        }
    }

    private ArrayNode readArray(JsonParser p, String pointer, int depth) throws IOException {
        ArrayNode array = NODES.arrayNode();
        int index = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            array.add(readValue(p, pointer + "/" + index++, depth + 1));
        }
        return array;
    }

    private static int countNodes(JsonNode node) {
        int n = 1;
        for (JsonNode child : node) {
            n += countNodes(child);
        }
        return n;
    }

    private SourceLocation here(JsonParser p) {
        return at(p.currentTokenLocation());
    }

    private SourceLocation at(JsonLocation l) {
        return new SourceLocation(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    /** SnakeYAML knows both what it was parsing and what went wrong, and where: say both. */
    private PolicyProblem malformed(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
            String context = y.getContext() == null ? "" : y.getContext() + ": ";
            return new PolicyProblem(new SourceLocation(file, y.getProblemMark().getLine() + 1, y.getProblemMark().getColumn() + 1),
                    "malformed YAML, " + context + firstLine(y.getProblem()));
        }
        JsonLocation l = e.getLocation();
        return new PolicyProblem(l == null ? SourceLocation.startOf(file) : at(l), "malformed YAML: " + firstLine(e.getOriginalMessage()));
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a plain string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> "an empty value";
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable YAML";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }

    private static SourceLocation firstInvalidUtf8(String file, byte[] content) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content));
            return null;
        } catch (CharacterCodingException e) {
            // Find the first offending byte to point at it: decode prefix by prefix is slow, so walk lines.
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < content.length; i++) {
                int b = content[i] & 0xff;
                if (b == '\n') {
                    line++;
                    lineStart = i + 1;
                } else if (b >= 0x80) {
                    int len = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
                    boolean ok = len > 0 && i + len <= content.length;
                    for (int k = 1; ok && k < len; k++) {
                        ok = (content[i + k] & 0xc0) == 0x80;
                    }
                    if (!ok) {
                        return new SourceLocation(file, line, i - lineStart + 1);
                    }
                    i += len - 1;
                }
            }
            return SourceLocation.startOf(file);
        }
    }

    private static YAMLFactory yamlFactory() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_FILE_BYTES * 2);
        options.setAllowDuplicateKeys(true); // reported by this class with both places, not as a parse failure
        return YAMLFactory.builder().loaderOptions(options).build();
    }

    /** A limit hit while reading: stop reading this file at once. */
    private static final class Budget extends IOException {
        final transient SourceLocation where;

        Budget(SourceLocation where, String message) {
            super(message);
            this.where = where;
        }
    }
}
