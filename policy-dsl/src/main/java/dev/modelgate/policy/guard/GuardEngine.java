package dev.modelgate.policy.guard;

import dev.modelgate.policy.guard.detect.Detector;
import dev.modelgate.policy.guard.detect.Detectors;
import dev.modelgate.policy.guard.detect.Match;
import dev.modelgate.policy.guard.detect.Redactor;
import dev.modelgate.policy.model.DetectorKind;
import dev.modelgate.policy.model.GuardAction;
import dev.modelgate.policy.model.Guardrail;
import dev.modelgate.policy.request.TextPart;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * Applies the policy's guardrails to a request: content detectors on every text part (messages,
 * content parts, tool arguments and results, prompts, inputs), size limits, and model allow/deny lists.
 * Detectors are built once per policy; checking is read-only and thread-safe.
 */
public final class GuardEngine {

    private final List<Compiled> guardrails;

    public GuardEngine(List<Guardrail> guardrails) {
        this.guardrails = guardrails.stream().map(Compiled::of).toList();
    }

    /**
     * Runs every guardrail that applies to the team and alias. Deny wins at once; redactions from
     * several guardrails on the same text are merged; log-only hits are listed.
     */
    public GuardOutcome check(String team, String alias, List<TextPart> texts, long estimatedInputTokens) {
        Map<String, List<Match>> matchesByPointer = null;
        Set<String> redactedBy = null;
        List<String> loggedBy = null;
        for (Compiled g : guardrails) {
            Guardrail rule = g.rule;
            if (!rule.appliesTo().input() || !rule.scope().covers(team, alias)) {
                continue;
            }
            DetectorKind kind = rule.detect();
            if (kind == DetectorKind.MAX_INPUT_TOKENS) {
                if (estimatedInputTokens > rule.maxTokens()) {
                    if (rule.action() == GuardAction.DENY) {
                        return denied(rule, "an estimated " + estimatedInputTokens + " input tokens, over the limit of " + rule.maxTokens());
                    }
                    loggedBy = add(loggedBy, rule.id());
                }
                continue;
            }
            if (g.detector == null) {
                continue; // model lists act in routing, through modelFilter
            }
            for (TextPart text : texts) {
                if (rule.action() == GuardAction.REDACT) {
                    List<Match> found = new ArrayList<>(0);
                    g.detector.find(text.text(), found);
                    if (!found.isEmpty()) {
                        if (matchesByPointer == null) {
                            matchesByPointer = new HashMap<>();
                        }
                        matchesByPointer.computeIfAbsent(text.pointer(), p -> new ArrayList<>()).addAll(found);
                        if (redactedBy == null) {
                            redactedBy = new LinkedHashSet<>();
                        }
                        redactedBy.add(rule.id());
                    }
                } else if (g.detector.matches(text.text())) {
                    if (rule.action() == GuardAction.DENY) {
                        return denied(rule, describe(kind));
                    }
                    loggedBy = add(loggedBy, rule.id());
                    break;
                }
            }
        }
        Map<String, String> redactions = Map.of();
        if (matchesByPointer != null) {
            redactions = new HashMap<>();
            for (TextPart text : texts) {
                List<Match> matches = matchesByPointer.get(text.pointer());
                if (matches != null) {
                    matches.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : Integer.compare(b.end(), a.end()));
                    redactions.put(text.pointer(), Redactor.redact(text.text(), matches));
                }
            }
        }
        return new GuardOutcome(null, null, redactions,
                redactedBy == null ? List.of() : List.copyOf(redactedBy), loggedBy == null ? List.of() : loggedBy);
    }

    /**
     * The guardrails that read this team's answers from this alias, or null when none does: then an answer
     * passes untouched and at no cost (nothing is held back from a stream).
     */
    public AnswerGuard answerGuard(String team, String alias) {
        List<Compiled> reading = guardrails.stream()
                .filter(g -> g.detector != null && g.rule.appliesTo().output() && g.rule.scope().covers(team, alias)).toList();
        return reading.isEmpty() ? null : new AnswerGuard(reading);
    }

    /**
     * Whether a deployment (its alias, its upstream model) may serve this team, by the deny-action
     * model_allowlist and model_denylist guardrails; either name may be listed. Log-action lists do not
     * filter.
     */
    public BiPredicate<String, String> modelFilter(String team, String alias) {
        List<Guardrail> lists = new ArrayList<>(2);
        for (Compiled g : guardrails) {
            DetectorKind kind = g.rule.detect();
            if ((kind == DetectorKind.MODEL_ALLOWLIST || kind == DetectorKind.MODEL_DENYLIST)
                    && g.rule.action() == GuardAction.DENY && g.rule.scope().covers(team, alias)) {
                lists.add(g.rule);
            }
        }
        if (lists.isEmpty()) {
            return (candidateAlias, model) -> true;
        }
        return (candidateAlias, model) -> {
            for (Guardrail list : lists) {
                boolean listed = list.models().contains(model) || list.models().contains(candidateAlias);
                if (list.detect() == DetectorKind.MODEL_DENYLIST ? listed : !listed) {
                    return false;
                }
            }
            return true;
        };
    }

    /** A deny model list naming the alias itself refuses the request outright. */
    public String aliasDeniedBy(String team, String alias) {
        for (Compiled g : guardrails) {
            if (g.rule.detect() == DetectorKind.MODEL_DENYLIST && g.rule.action() == GuardAction.DENY
                    && g.rule.scope().covers(team, alias) && g.rule.models().contains(alias)) {
                return g.rule.id();
            }
        }
        return null;
    }

    private static GuardOutcome denied(Guardrail rule, String what) {
        return new GuardOutcome(rule.id(), what, Map.of(), List.of(), List.of());
    }

    private static List<String> add(List<String> list, String id) {
        List<String> out = list == null ? new ArrayList<>(2) : list;
        if (!out.contains(id)) {
            out.add(id);
        }
        return out;
    }

    /** Says what was found without ever quoting it: a deny answer must not echo a secret back. */
    private static String describe(DetectorKind kind) {
        return switch (kind) {
            case EMAIL -> "an email address";
            case PHONE -> "a phone number";
            case CREDIT_CARD -> "a credit card number";
            case IBAN -> "an IBAN";
            case US_SSN -> "a US social security number";
            case SECRETS -> "a secret or credential";
            case REGEX -> "text matching a blocked pattern";
            case KEYWORDS -> "a blocked keyword";
            case PROMPT_INJECTION -> "a prompt-injection attempt";
            default -> "blocked content";
        };
    }

    record Compiled(Guardrail rule, Detector detector) {
        static Compiled of(Guardrail rule) {
            Detector detector = switch (rule.detect()) {
                case EMAIL -> Detectors.email();
                case PHONE -> rule.regions().isEmpty() ? Detectors.phone() : Detectors.phone(rule.regions());
                case CREDIT_CARD -> Detectors.creditCard();
                case IBAN -> Detectors.iban();
                case US_SSN -> Detectors.usSsn();
                case SECRETS -> Detectors.secrets();
                case PROMPT_INJECTION -> rule.threshold() == null ? Detectors.promptInjection() : Detectors.promptInjection(rule.threshold());
                case REGEX -> Detectors.regex("CUSTOM", Pattern.compile(rule.pattern()));
                case KEYWORDS -> Detectors.keywords("KEYWORD", rule.keywords(), rule.caseSensitive());
                case MAX_INPUT_TOKENS, MODEL_ALLOWLIST, MODEL_DENYLIST -> null;
            };
            return new Compiled(rule, detector == null || rule.allow().isEmpty() ? detector : Detectors.allowing(detector, rule.allow()));
        }
    }
}
