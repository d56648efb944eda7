package dev.modelgate.policy.guard.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A detector with an allowlist: what it finds is dropped when the found text is exactly an allowed value (a
 * published test key, the company's own support number), so a policy can stop a known false alarm without
 * switching the detector off. Exact text, not a pattern: an allowlist must never let a real secret through by
 * resembling one.
 */
final class AllowingDetector implements Detector {

    private final Detector inner;
    private final Set<String> allowed;

    AllowingDetector(Detector inner, Set<String> allowed) {
        this.inner = inner;
        this.allowed = allowed;
    }

    @Override
    public String kind() {
        return inner.kind();
    }

    @Override
    public void find(CharSequence text, List<Match> out) {
        List<Match> found = new ArrayList<>(2);
        inner.find(text, found);
        for (Match m : found) {
            if (!allowed.contains(text.subSequence(m.start(), m.end()).toString())) {
                out.add(m);
            }
        }
    }

    @Override
    public boolean matches(CharSequence text) {
        List<Match> found = new ArrayList<>(2);
        find(text, found);
        return !found.isEmpty();
    }
}
