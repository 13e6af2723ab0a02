package org.pouw.ml.model;

/**
 * The shape of one record's features between two layers: an image of {@code height × width} positions with
 * {@code channels} values each, stored channels last; a flat vector is one position ({@code 1 × 1 × n}).
 */
public record FeatureShape(int height, int width, int channels) {
    public FeatureShape {
        if (height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException("a feature shape needs positive sides, got " + height + "x" + width + "x" + channels);
        }
    }

    public static FeatureShape flat(int size) {
        return new FeatureShape(1, 1, size);
    }

    public int positions() {
        return height * width;
    }

    public long size() {
        return (long) height * width * channels;
    }

    public boolean isFlat() {
        return height == 1 && width == 1;
    }

    @Override
    public String toString() {
        return height + "x" + width + "x" + channels;
    }
}
