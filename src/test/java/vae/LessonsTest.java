package vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps the lessons and the code in step, as Crafting Interpreters does: every code excerpt in a
 * lesson names a marked region of a source file ({@code //> name} ... {@code //< name}) and must be
 * that region, character for character; every relative link must point at a file that exists;
 * every lesson must be in the reading order of {@code lessons/README.md}.
 * {@code python3 tools/sync_lessons.py} refreshes the excerpts after a change to the code.
 */
class LessonsTest {
    static final Path LESSONS = Path.of("lessons");
    static final Pattern EXCERPT = Pattern.compile(
            "<!-- excerpt: (?<file>[^#]+)#(?<region>[^>]+?) -->\\n```(?<lang>\\w*)\\n(?<body>.*?)```", Pattern.DOTALL);
    static final Pattern LINK = Pattern.compile("\\]\\((?<target>[^)\\s]+)\\)");
    static final Pattern MARKER = Pattern.compile("^\\s*(//|#)\\s*[<>] .*");

    static List<Path> lessons() throws IOException {
        try (Stream<Path> files = Files.list(LESSONS)) {
            return files.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyExcerptIsTheMarkedRegionOfItsSource() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path lesson : lessons()) {
            Matcher m = EXCERPT.matcher(Files.readString(lesson, StandardCharsets.UTF_8));
            while (m.find()) {
                String file = m.group("file").trim(), name = m.group("region").trim(), body = m.group("body");
                tests.add(DynamicTest.dynamicTest(lesson.getFileName() + ": " + file + "#" + name,
                        () -> assertEquals(region(Path.of(file), name), body,
                                lesson + " quotes " + file + "#" + name + " differently from the code"
                                        + " (python3 tools/sync_lessons.py refreshes it)")));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyRelativeLinkPointsAtAFileThatExists() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> docs = new ArrayList<>(lessons());
        docs.add(Path.of("README.md"));
        for (Path doc : docs) {
            if (!Files.exists(doc)) {
                continue;
            }
            Matcher m = LINK.matcher(Files.readString(doc, StandardCharsets.UTF_8));
            while (m.find()) {
                String target = m.group("target");
                if (target.matches("^[a-z]+:.*") || target.startsWith("#")) {
                    continue; // web addresses and anchors
                }
                Path resolved = doc.toAbsolutePath().getParent().resolve(target.replaceAll("#.*$", "")).normalize();
                tests.add(DynamicTest.dynamicTest(doc + " → " + target,
                        () -> assertTrue(Files.exists(resolved), doc + " links to " + target + ", which does not exist")));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyLessonIsInTheReadingOrder() throws IOException {
        String readme = Files.readString(LESSONS.resolve("README.md"), StandardCharsets.UTF_8);
        return lessons().stream()
                .map(lesson -> lesson.getFileName().toString())
                .filter(name -> !name.equals("README.md"))
                .map(name -> DynamicTest.dynamicTest(name, () -> assertTrue(readme.contains("](" + name + ")"),
                        "lessons/README.md does not list " + name + " in its reading order")));
    }

    // every numbered exercise of a lesson (a line "N. " at the margin under "## Exercises") has an
    // answer block under it, before the next exercise: <details><summary>Answer</summary> ... </details>
    @TestFactory
    Stream<DynamicTest> everyExerciseHasAnAnswer() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path lesson : lessons()) {
            String text = Files.readString(lesson, StandardCharsets.UTF_8);
            int start = text.indexOf("\n## Exercises");
            if (lesson.getFileName().toString().equals("README.md") || start < 0) {
                continue;
            }
            int end = text.indexOf("\n## ", start + 1);
            String section = text.substring(start, end < 0 ? text.length() : end);
            String[] exercises = section.split("\n(?=\\d+\\. )");
            for (int e = 1; e < exercises.length; e++) {
                String exercise = exercises[e];
                String name = lesson.getFileName() + ", exercise " + exercise.substring(0, exercise.indexOf('.'));
                tests.add(DynamicTest.dynamicTest(name, () -> assertTrue(
                        exercise.contains("<details><summary>Answer</summary>") && exercise.contains("</details>"),
                        name + " has no answer block (<details><summary>Answer</summary> ... </details>)")));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyPublicClassIsLinkedFromALesson() throws IOException {
        StringBuilder all = new StringBuilder();
        for (Path lesson : lessons()) {
            all.append(Files.readString(lesson, StandardCharsets.UTF_8));
        }
        String text = all.toString();
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src", "main", "java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList())) {
                String name = source.getFileName().toString().replace(".java", "");
                boolean isPublic = Pattern.compile("^public (final |abstract )?(class|interface|record|enum) " + name + "\\b",
                        Pattern.MULTILINE).matcher(Files.readString(source, StandardCharsets.UTF_8)).find();
                if (isPublic) {
                    String link = "(../" + source.toString().replace('\\', '/') + ")";
                    tests.add(DynamicTest.dynamicTest(name, () -> assertTrue(text.contains(link),
                            "no lesson links to " + source + " (a public class every reader meets)")));
                }
            }
        }
        return tests.stream();
    }

    /** The lines between {@code //> name} and {@code //< name}, other markers left out, common indent removed. */
    static String region(Path file, String name) throws IOException {
        assertTrue(Files.exists(file), file + " does not exist");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int start = -1, end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).trim();
            if (t.equals("//> " + name) || t.equals("# > " + name)) {
                assertEquals(-1, start, file + ": region '" + name + "' opens twice");
                start = i;
            } else if (t.equals("//< " + name) || t.equals("# < " + name)) {
                end = i;
            }
        }
        assertFalse(start < 0 || end < start, file + " has no region '" + name + "'");
        List<String> body = lines.subList(start + 1, end).stream()
                .filter(l -> !MARKER.matcher(l).matches()).collect(Collectors.toList());
        int indent = body.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return body.stream().map(l -> l.length() >= indent ? l.substring(indent).stripTrailing() : l.strip())
                .collect(Collectors.joining("\n")) + "\n";
    }
}
