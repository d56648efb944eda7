package dev.modelgate.policy.validate;

import dev.modelgate.policy.model.Policy;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import java.util.ArrayList;
import java.util.List;

/** Runs the Jakarta Validation annotations on the policy records and reports violations by pointer. */
public final class BeanChecks {

    private final Validator validator;

    public BeanChecks() {
        // The parameter interpolator needs no Expression Language implementation on the class path,
        // which keeps the CLI jar small and the module embeddable in any host.
        ValidatorFactory factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        this.validator = factory.getValidator();
    }

    public List<Finding> check(Policy policy) {
        List<Finding> findings = new ArrayList<>();
        for (ConstraintViolation<Policy> v : validator.validate(policy)) {
            String pointer = pointer(v.getPropertyPath());
            String name = pointer.substring(pointer.lastIndexOf('/') + 1);
            findings.add(Finding.at(pointer, "'" + name + "' " + v.getMessage()));
        }
        return findings;
    }

    /** providers[openai].baseUrl becomes /providers/openai/base_url: the YAML spelling. */
    static String pointer(Path path) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKey() != null) {
                out.append('/').append(node.getKey());
            } else if (node.getIndex() != null) {
                out.append('/').append(node.getIndex());
            }
            if (node.getName() != null && node.getKind() == jakarta.validation.ElementKind.PROPERTY) {
                out.append('/').append(snake(node.getName()));
            }
        }
        return out.toString();
    }

    static String snake(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
