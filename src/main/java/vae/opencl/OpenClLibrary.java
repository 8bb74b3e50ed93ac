package vae.opencl;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether Linux's dynamic linker can find {@code libOpenCL.so}, looked up without asking it.
 * JOCL opens the library by that name, and when it cannot, its native code prints a line of its own
 * on standard output before Java hears of it; so the kernels look first, in the folders the linker
 * searches: {@code LD_LIBRARY_PATH}, those of {@code /etc/ld.so.conf} (and the files it includes),
 * and the system's own. On other systems they leave it to JOCL.
 */
final class OpenClLibrary {
    static final String NAME = "libOpenCL.so";
    private static final List<String> SYSTEM_FOLDERS = List.of("/lib", "/usr/lib", "/lib64", "/usr/lib64");

    private OpenClLibrary() {
    }

    /** False only where the system is Linux and no folder the linker searches holds the library. */
    static boolean findable() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return true;
        }
        return folders().stream().anyMatch(folder -> Files.exists(folder.resolve(NAME)));
    }

    static List<Path> folders() {
        List<Path> folders = new ArrayList<>();
        String env = System.getenv("LD_LIBRARY_PATH");
        if (env != null) {
            for (String folder : env.split(":")) {
                if (!folder.isEmpty()) {
                    folders.add(Path.of(folder));
                }
            }
        }
        readConfig(Path.of("/etc/ld.so.conf"), folders, 0);
        SYSTEM_FOLDERS.forEach(folder -> folders.add(Path.of(folder)));
        return folders;
    }

    /** Adds the folders a linker configuration file names, following its {@code include} lines. */
    private static void readConfig(Path file, List<Path> folders, int depth) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return; // no such file, or unreadable: nothing to add
        }
        for (String raw : lines) {
            String line = raw.replaceAll("#.*", "").strip();
            if (line.startsWith("include ") && depth < 4) {
                included(line.substring("include ".length()).strip(), file.getParent())
                        .forEach(f -> readConfig(f, folders, depth + 1));
            } else if (!line.isEmpty()) {
                folders.add(Path.of(line));
            }
        }
    }

    /** The files a pattern such as {@code /etc/ld.so.conf.d/*.conf} matches. */
    private static List<Path> included(String pattern, Path base) {
        Path p = base.resolve(pattern);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> matches = Files.newDirectoryStream(p.getParent(), p.getFileName().toString())) {
            matches.forEach(files::add);
        } catch (IOException | RuntimeException e) {
            // no such folder: nothing included
        }
        files.sort(null);
        return files;
    }
}
