package org.pouw.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.Tasks;

class StackTextTest {
    @Test
    void presetsByNameAndByShape() {
        assertThat(StackText.parse("ResNet8")).isEqualTo(Presets.resNet8());
        assertThat(StackText.parse("resnet20")).isEqualTo(Presets.resNet20());
        assertThat(StackText.parse(" char-transformer ")).isEqualTo(Presets.charTransformer());
        assertThat(StackText.parse("resnet:8x8x3-1-4-3")).isEqualTo(Presets.resNet(8, 8, 3, 1, 4, 3));
        assertThat(StackText.parse("transformer:12-256-16-4-2")).isEqualTo(Presets.transformer(12, 256, 16, 4, 2));
        assertThat(StackText.format(Presets.resNet8())).isEqualTo("resnet8");
        assertThat(StackText.format(Presets.charTransformer())).isEqualTo("char-transformer");
    }

    @Test
    void everyLayerKindRoundTripsThroughTheText() {
        String text = "stack:1x8x1:embed32x16,pos,res(ln,causal-attn4),res(ln,conv64k1,gelu,conv16k1),ln,last,dense32";
        StackArchitecture parsed = StackText.parse(text);
        assertThat(parsed).isEqualTo(Presets.transformer(8, 32, 16, 4, 1));
        assertThat(StackText.format(parsed)).isEqualTo(text);
        String images = "stack:6x6x2:conv4k3s2p1,bn,relu,res(conv4k3p1,tanh|conv4k1),sigmoid,maxpool3,attn2,gap,dense3";
        assertThat(StackText.format(StackText.parse(images))).isEqualTo(images);
        for (StackArchitecture architecture : List.of(Presets.resNet(8, 8, 3, 1, 4, 3), Tasks.smallNormStack())) {
            assertThat(StackText.parse(StackText.format(architecture))).isEqualTo(architecture);
        }
    }

    @Test
    void badTextIsRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> StackText.parse("resnet9")).isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("architecture must be resnet8, resnet20, char-transformer");
        assertThatThrownBy(() -> StackText.parse("stack:4x4x1:conv4k3,swish,gap,dense2"))
                .hasMessageStartingWith("layer 'swish' must be one of conv<F>k<K>");
        assertThatThrownBy(() -> StackText.parse("stack:4x4x1:res(res(bn)),gap,dense2"))
                .hasMessageContaining("outside another residual block");
        assertThatThrownBy(() -> StackText.parse("stack:4x4x1:res(bn,gap,dense2"))
                .hasMessageContaining("balanced parentheses");
        assertThatThrownBy(() -> StackText.parse("stack:4x4x1:bn,,gap,dense2"))
                .hasMessageContaining("separated by single ','");
        assertThatThrownBy(() -> StackText.parse("stack:1x8x4:attn3,gap,dense2"))
                .hasMessageContaining("attention heads must be a divisor of the input's 4 channels");
        assertThatThrownBy(() -> StackText.parse("stack:4x4x1:conv4k3,bn"))
                .hasMessageContaining("last layer output must be flat");
    }
}
