package org.atrium.branding;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.imageio.ImageIO;

/** Images made in the test: real ones, and files that only pretend to be. */
final class TestImages {

    private TestImages() {
    }

    static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        var g = image.createGraphics();
        g.setColor(new Color(0x1d, 0x4e, 0xd8));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return write(image, "png");
    }

    static byte[] jpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return write(image, "jpeg");
    }

    /** A PNG with a tEXt chunk after its header, as cameras and editors leave metadata. */
    static byte[] pngWithText(int width, int height, String keyword, String text) {
        byte[] png = png(width, height);
        byte[] data = (keyword + "\0" + text).getBytes(StandardCharsets.ISO_8859_1);
        byte[] chunk = chunk("tEXt", data);
        int afterHeader = 8 + 25; // signature, IHDR (4 length + 4 type + 13 data + 4 crc)
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterHeader);
        out.writeBytes(chunk);
        out.write(png, afterHeader, png.length - afterHeader);
        return out.toByteArray();
    }

    /**
     * A decompression bomb: a valid PNG header declaring {@code side} × {@code side} pixels with image data of all
     * zeros that deflates to a few kilobytes (decoded it would take side² × 4 bytes).
     */
    static byte[] bomb(int side, int rowsOfData) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(side).putInt(side).put((byte) 8).put((byte) 6).put((byte) 0)
                .put((byte) 0).put((byte) 0);
        Deflater deflater = new Deflater(9);
        byte[] row = new byte[1 + side * 4];
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        for (int r = 0; r < rowsOfData; r++) {
            deflater.setInput(row);
            while (!deflater.needsInput()) {
                int n = deflater.deflate(buffer);
                compressed.write(buffer, 0, n);
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            int n = deflater.deflate(buffer);
            compressed.write(buffer, 0, n);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a });
        out.writeBytes(chunk("IHDR", ihdr.array()));
        out.writeBytes(chunk("IDAT", compressed.toByteArray()));
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data)
                .putInt((int) crc.getValue()).array();
    }

    private static byte[] write(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
