package org.atrium.branding.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import org.atrium.platform.ProblemException;

/**
 * Turns an upload into an image safe to serve: the format is recognised from the first bytes (never the name or
 * the declared type), the byte size and the pixel size are checked before the pixels are decoded (a small file can
 * declare 20,000 × 20,000 pixels and take gigabytes to decode), and the decoded pixels are written again as a new
 * file, so no metadata, comment or trailing payload of the upload survives.
 * <p>
 * WebP is recognised but refused: the JDK's ImageIO has no WebP reader, and none is installed.
 */
final class BrandImages {

    static final int MAX_BYTES = 1024 * 1024;
    static final int MAX_PIXELS_PER_SIDE = 2000;

    record Stored(String contentType, byte[] bytes, int width, int height) {
    }

    private BrandImages() {
    }

    static Stored accept(byte[] upload) {
        if (upload.length == 0) {
            throw refused("unsupported-image", "The upload is empty; send a PNG or JPEG image");
        }
        if (upload.length > MAX_BYTES) {
            throw refused("image-too-large",
                    "The image is %,d bytes; at most %,d are accepted".formatted(upload.length, MAX_BYTES));
        }
        String format = sniff(upload);
        if ("webp".equals(format) && !ImageIO.getImageReadersByFormatName("webp").hasNext()) {
            throw refused("unsupported-image",
                    "WebP images cannot be read by this server (no WebP decoder is installed); upload a PNG or JPEG");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(upload))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
            if (!readers.hasNext()) {
                throw refused("unsupported-image", "No reader for " + format);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // The header only: PNG's IHDR, JPEG's SOF marker. Nothing is decoded yet.
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width > MAX_PIXELS_PER_SIDE || height > MAX_PIXELS_PER_SIDE || width < 1 || height < 1) {
                    throw refused("image-too-large", "The image is %d × %d pixels; at most %d × %d are accepted"
                            .formatted(width, height, MAX_PIXELS_PER_SIDE, MAX_PIXELS_PER_SIDE));
                }
                BufferedImage pixels = reader.read(0);
                String type = "png".equals(format) ? "image/png" : "image/jpeg";
                return new Stored(type, encode(pixels, format), pixels.getWidth(), pixels.getHeight());
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException problem) {
                throw problem;
            }
            throw refused("image-unreadable", "The image could not be read (" + e.getClass().getSimpleName()
                    + "); upload a complete PNG or JPEG file");
        }
    }

    /** The format named by the file's magic number; anything else (SVG, HTML, GIF …) is refused. */
    static String sniff(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b[4] == 0x0d
                && b[5] == 0x0a && b[6] == 0x1a && b[7] == 0x0a) {
            return "png";
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "jpeg";
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
                && b[10] == 'B' && b[11] == 'P') {
            return "webp";
        }
        throw refused("unsupported-image",
                "The upload is not a PNG, JPEG or WebP image (recognised from its content, not its name); SVG and "
                        + "other formats are refused");
    }

    private static byte[] encode(BufferedImage pixels, String format) throws IOException {
        BufferedImage image = pixels;
        if ("jpeg".equals(format) && pixels.getColorModel().hasAlpha()) {
            image = new BufferedImage(pixels.getWidth(), pixels.getHeight(), BufferedImage.TYPE_INT_RGB);
            image.createGraphics().drawImage(pixels, 0, 0, java.awt.Color.WHITE, null);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if ("jpeg".equals(format)) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.9f);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static ProblemException refused(String kind, String detail) {
        return new ProblemException(org.springframework.http.HttpStatus.BAD_REQUEST, kind, detail,
                Map.of("field", "image"));
    }
}
