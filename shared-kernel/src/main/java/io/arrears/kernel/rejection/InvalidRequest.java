package io.arrears.kernel.rejection;

import java.util.List;

/** A request with one or more malformed fields; the API answers 400 listing each. */
public class InvalidRequest extends RuntimeException {

    public record FieldProblem(String field, String message) {
    }

    private final List<FieldProblem> problems;

    public InvalidRequest(List<FieldProblem> problems) {
        super(problems.size() == 1 ? problems.get(0).field() + " " + problems.get(0).message()
                : problems.size() + " fields are invalid");
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
