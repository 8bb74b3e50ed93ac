package vae.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes and reads PNG files with javax.imageio, creating the folder on the way. */
public final class Png {
    private Png() {
    }

    public static void write(BufferedImage image, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new ReportException(file + ": this Java has no PNG writer");
            }
        } catch (IOException e) {
            throw new ReportException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    public static BufferedImage read(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new ReportException(file + ": not an image ImageIO can read");
            }
            return image;
        } catch (IOException e) {
            throw new ReportException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
