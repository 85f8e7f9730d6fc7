package dev.ltocheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ltocheck.support.JsonSchemas;
import dev.ltocheck.support.Samples;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run that could not read everything says so, never claims the link passes, and exits 3. */
class IncompleteRunTest {
    @TempDir
    Path tree;

    @Test
    void missingMemberMakesTheRunIncomplete() throws Exception {
        FileUtils.copyDirectory(Samples.dir("clean").toFile(), tree.toFile(), false);
        Files.delete(tree.resolve("mm/numa.o"));
        String cmd = tree.resolve(".vmlinux.o.cmd").toString();

        CliRunner.Run text = CliRunner.run("check", "--link-cmd", cmd);
        assertEquals(3, text.exitCode(), text.out() + text.err());
        assertEquals("ltocheck: vmlinux.a(numa.o at 1084): thin archive member mm/numa.o is missing", text.err().strip());
        assertFalse(text.out().contains("the link passes"), text.out());
        assertTrue(text.out().contains("Incomplete: read 29 objects, skipped 1 (listed under 'Not read')"), text.out());

        assertEquals(0, CliRunner.run("check", "--allow-incomplete", "--link-cmd", cmd).exitCode());

        JsonNode json = new ObjectMapper().readTree(CliRunner.run("check", "--format", "json", "--link-cmd", cmd).out());
        assertTrue(JsonSchemas.validate("check.schema.json", json).isEmpty());
        assertEquals(1, json.get("coverage").get("skipped").asInt());
        assertFalse(json.get("coverage").get("complete").asBoolean());

        JsonNode sarif = new ObjectMapper().readTree(CliRunner.run("check", "--format", "sarif", "--link-cmd", cmd).out());
        JsonNode invocation = sarif.get("runs").get(0).get("invocations").get(0);
        assertFalse(invocation.get("executionSuccessful").asBoolean());
        assertTrue(invocation.get("toolExecutionNotifications").get(0).get("message").get("text").asText()
                .contains("mm/numa.o is missing"));
    }

    @Test
    void aDefiniteFailureStaysExitOneEvenWhenIncomplete() throws Exception {
        FileUtils.copyDirectory(Samples.dir("x86-pie").toFile(), tree.toFile(), false);
        Files.delete(tree.resolve("fs/buffer.o"));
        assertEquals(1, CliRunner.run("check", "--link-cmd", tree.resolve(".vmlinux.o.cmd").toString()).exitCode());
    }
}
