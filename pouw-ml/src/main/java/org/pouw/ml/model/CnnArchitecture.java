package org.pouw.ml.model;

import java.util.ArrayList;
import java.util.List;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * A small convolutional network on channels-last images: {@code conv(kernel×kernel, filters) → activation →
 * max-pool(pool) → [dense(hidden) → activation] → dense(classes)}; {@code hidden = 0} leaves the hidden dense
 * layer out.
 */
public record CnnArchitecture(int height, int width, int channels, int filters, int kernel, int pool, int hidden,
                              Activation activation, int classes) implements Architecture {
    static final int TAG = 2;

    public CnnArchitecture {
        InvalidSpecException.require(height >= 1 && height <= 4096, "height", "in [1, 4096]", height);
        InvalidSpecException.require(width >= 1 && width <= 4096, "width", "in [1, 4096]", width);
        InvalidSpecException.require(channels >= 1 && channels <= 64, "channels", "in [1, 64]", channels);
        InvalidSpecException.require(filters >= 1 && filters <= 1024, "filters", "in [1, 1024]", filters);
        InvalidSpecException.require(kernel >= 1 && kernel <= Math.min(height, width), "kernel", "in [1, min(height, width)]", kernel);
        int convHeight = height - kernel + 1;
        int convWidth = width - kernel + 1;
        InvalidSpecException.require(pool >= 1 && pool <= Math.min(convHeight, convWidth), "pool", "in [1, conv output size]", pool);
        InvalidSpecException.require(hidden >= 0 && hidden <= MAX_WIDTH, "hidden", "in [0, 65536]", hidden);
        InvalidSpecException.require(activation != null, "activation", "set", null);
        InvalidSpecException.require(classes >= 2 && classes <= MAX_WIDTH, "classes", "in [2, 65536]", classes);
        long params = countParameters(height, width, channels, filters, kernel, pool, hidden, classes);
        InvalidSpecException.require(params <= MAX_PARAMETERS, "parameter count", "at most 2^26", params);
        InvalidSpecException.require((long) convHeight * convWidth * kernel * kernel * channels <= 1 << 24,
                "unrolled patch size per sample", "at most 2^24", (long) convHeight * convWidth * kernel * kernel * channels);
    }

    @Override
    public int inputSize() {
        return height * width * channels;
    }

    @Override
    public long parameterCount() {
        return countParameters(height, width, channels, filters, kernel, pool, hidden, classes);
    }

    /**
     * The convolution's multiply-adds (every output position of every filter reads a k × k × channels patch: weights
     * reused across the image, which the parameter count does not show) and the dense layers' weights.
     */
    @Override
    public long multiplyAddsPerRecord() {
        long conv = (long) kernel * kernel * channels * filters + filters;
        long convolution = (long) (height - kernel + 1) * (width - kernel + 1) * kernel * kernel * channels * filters;
        return convolution + (parameterCount() - conv);
    }

    // Static because the compact constructor validates before the fields are assigned.
    private static long countParameters(int height, int width, int channels, int filters, int kernel, int pool,
                                        int hidden, int classes) {
        long flat = (long) ((height - kernel + 1) / pool) * ((width - kernel + 1) / pool) * filters;
        long conv = (long) kernel * kernel * channels * filters + filters;
        return conv + (hidden > 0 ? flat * hidden + hidden + (long) hidden * classes + classes : flat * classes + classes);
    }

    @Override
    public Network build() {
        List<Layer> layers = new ArrayList<>();
        Conv2dLayer conv = new Conv2dLayer(height, width, channels, filters, kernel);
        layers.add(conv);
        layers.add(new ActivationLayer(activation, conv.outputSize()));
        MaxPool2dLayer pooling = new MaxPool2dLayer(conv.outHeight(), conv.outWidth(), filters, pool);
        layers.add(pooling);
        int previous = pooling.outputSize();
        if (hidden > 0) {
            layers.add(new DenseLayer(previous, hidden, activation));
            layers.add(new ActivationLayer(activation, hidden));
            previous = hidden;
        }
        layers.add(new DenseLayer(previous, classes, null));
        return new Network(layers);
    }

    @Override
    public void encodeTo(CanonicalWriter out) {
        out.u8(TAG).i32(height).i32(width).i32(channels).i32(filters).i32(kernel).i32(pool).i32(hidden)
                .u8(activation.ordinal()).i32(classes);
    }

    static CnnArchitecture decodeBody(CanonicalReader in) {
        int height = in.i32("cnn height");
        int width = in.i32("cnn width");
        int channels = in.i32("cnn channels");
        int filters = in.i32("cnn filters");
        int kernel = in.i32("cnn kernel");
        int pool = in.i32("cnn pool");
        int hidden = in.i32("cnn hidden");
        Activation activation = Architecture.decodeActivation(in);
        int classes = in.i32("cnn classes");
        return new CnnArchitecture(height, width, channels, filters, kernel, pool, hidden, activation, classes);
    }
}
