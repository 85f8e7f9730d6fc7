package dev.ltocheck.input;

import java.util.List;

/** Every object found in the inputs, in link order, and every input that could not be read. */
public record Inputs(List<InputObject> objects, List<InputProblem> problems) {
}
