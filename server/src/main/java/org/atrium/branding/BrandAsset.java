package org.atrium.branding;

/** A stored, re-encoded image, addressed by the SHA-256 (hex) of its bytes. */
public record BrandAsset(String hash, String contentType, byte[] content, int width, int height) {

    public String extension() {
        return "image/png".equals(contentType) ? "png" : "jpg";
    }
}
