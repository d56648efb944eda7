package dev.modelgate.policy.load;

import dev.modelgate.policy.model.Policy;

import java.util.List;

/** A valid policy, with the files it came from and where each of its parts is written. */
public record LoadedPolicy(Policy policy, SourceMap sources, List<String> files) {
}
