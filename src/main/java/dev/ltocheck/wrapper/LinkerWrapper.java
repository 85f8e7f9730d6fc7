package dev.ltocheck.wrapper;

import dev.ltocheck.check.LldLogLine;
import dev.ltocheck.input.LogLines;
import dev.ltocheck.session.LinkSession;
import dev.ltocheck.session.Problems;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The linker wrapper ({@code ltocheck ld}): finds the real ld.lld, decides whether this link is the
 * checked one, checks it first, and then links (here, or by writing the decision for the launcher,
 * which runs the linker without a JVM), explaining lld's lines when it fails where the check said
 * it would pass.
 */
public final class LinkerWrapper {
    private final LdRequest request;
    private final Supplier<LinkSession> sessions;
    private final PrintWriter err;
    private final OutputStream linkerErr;

    /**
     * @param sessions  the session of this link (opened only when it is checked)
     * @param err       the wrapper's own lines
     * @param linkerErr where the real linker's standard error goes, byte for byte
     */
    public LinkerWrapper(LdRequest request, Supplier<LinkSession> sessions, PrintWriter err, OutputStream linkerErr) {
        this.request = request;
        this.sessions = sessions;
        this.err = err;
        this.linkerErr = linkerErr;
    }

    /** What the wrapper was asked cannot be done: no real linker, it cannot run, the decision cannot be written. */
    public static final class WrapperException extends IOException {
        WrapperException(String message) {
            super(message);
        }
    }

    public LdOutcome run() throws IOException {
        if (request.mode() instanceof LdRequest.Missed missed) {
            List<String> lines = moduleFlagLines(missed.log());
            if (!lines.isEmpty()) {
                Prediction.check(sessions, err).explainMiss(lines, err);
            }
            return new LdOutcome.Explained();
        }
        Path linker = linker();
        LinkerArguments link = LinkerArguments.parse(request.arguments());
        if (!link.checked(LinkerArguments.checkedOutputs(request.env().get("LTOCHECK_LD_OUTPUTS")))) {
            return act(LdDecision.LINK, linker, null);
        }
        Prediction prediction = Prediction.of(sessions, linker, link, err);
        LdDecision decision = switch (prediction.verdict()) {
            case PASSES -> LdDecision.PASS;
            case UNKNOWN -> LdDecision.LINK;
            case FAILS -> request.linkAnyway() ? LdDecision.LINK : LdDecision.STOP;
        };
        if (decision == LdDecision.STOP) {
            err.println("ltocheck ld: " + link.output() + " not linked: ld.lld would fail after its ThinLTO backends."
                    + " Apply the fix (ltocheck fix --apply) and run make again; LTOCHECK_LINK_ANYWAY=1 links anyway.");
        } else if (prediction.verdict() == Prediction.Verdict.FAILS) {
            err.println("ltocheck ld: LTOCHECK_LINK_ANYWAY is set: linking " + link.output() + " anyway");
        }
        err.flush();
        return act(decision, linker, prediction);
    }

    /** Links here, or leaves the decision to the launcher. */
    private LdOutcome act(LdDecision decision, Path linker, Prediction prediction) throws IOException {
        if (request.mode() instanceof LdRequest.Decide decide) {
            try {
                decision.writeTo(decide.file());
            } catch (IOException e) {
                throw new WrapperException("cannot write the decision into " + decide.file() + " (a new file): "
                        + Problems.describe(e));
            }
            return new LdOutcome.Decided(decision);
        }
        if (decision == LdDecision.STOP) {
            return new LdOutcome.NotLinked();
        }
        LinkerRun ran;
        try {
            ran = LinkerRun.run(linker, request.arguments(), Path.of("").toAbsolutePath(), linkerErr);
        } catch (IOException e) {
            throw new WrapperException("cannot run " + linker + ": " + Problems.describe(e));
        }
        List<String> missed = ran.moduleFlagErrors();
        if (ran.exitCode() != 0 && decision == LdDecision.PASS && !missed.isEmpty()) {
            prediction.explainMiss(missed, err);
        }
        return new LdOutcome.Linked(ran.exitCode());
    }

    private Path linker() throws WrapperException {
        if (request.realLd().isPresent()) {
            return request.realLd().get();
        }
        return RealLinker.find(request.env(), Path.of(""), RealLinker.wrapperPrograms()).orElseThrow(() ->
                new WrapperException("no '" + RealLinker.name(request.env()) + "' to run (set LTOCHECK_LD to ld.lld's path)"));
    }

    /** lld's module-flag error lines in a saved log, read line by line: no other line is kept. */
    private static List<String> moduleFlagLines(Path log) throws WrapperException {
        List<String> lines = new ArrayList<>();
        // A log may hold bytes of any encoding: a reader made from a charset replaces what is not UTF-8.
        try (Reader reader = new InputStreamReader(Files.newInputStream(log), StandardCharsets.UTF_8)) {
            LogLines.eachLine(reader, line -> LldLogLine.parse(line).ifPresent(l -> lines.add(line)));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new WrapperException("cannot read the linker's log " + log + ": " + Problems.describe(e));
        }
        return lines;
    }
}
