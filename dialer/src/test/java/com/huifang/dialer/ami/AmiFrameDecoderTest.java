package com.huifang.dialer.ami;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.ami.AmiFrameDecoder.Banner;
import com.huifang.dialer.ami.AmiFrameDecoder.Decoded;
import com.huifang.dialer.ami.AmiFrameDecoder.Frame;
import com.huifang.dialer.ami.AmiFrameDecoder.Malformed;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmiFrameDecoderTest {

  @Test
  void banner_then_frames_split_across_reads_are_reassembled() {
    AmiFrameDecoder decoder = new AmiFrameDecoder(true);
    List<Decoded> out = new ArrayList<>();

    out.addAll(decoder.feed("Asterisk Call Manager/9.0.0\r\nResponse: Succ"));
    out.addAll(decoder.feed("ess\r\nActionID: a1\r\nMessage: Authentication accepted\r\n\r\n"));
    out.addAll(decoder.feed("Event: Hangup\r\nCause: 17\r\nCause-txt: User busy\r\n\r\n"));

    assertThat(out).hasSize(3);
    assertThat(out.get(0)).isEqualTo(new Banner("Asterisk Call Manager/9.0.0"));
    AmiFrame login = ((Frame) out.get(1)).frame();
    assertThat(login.kind()).isEqualTo("Response");
    assertThat(login.get("actionid")).contains("a1");
    AmiFrame hangup = ((Frame) out.get(2)).frame();
    assertThat(hangup.isEvent("Hangup")).isTrue();
    assertThat(hangup.get("Cause-txt")).contains("User busy");
  }

  @Test
  void a_garbled_frame_is_reported_and_the_next_frame_still_decodes() {
    AmiFrameDecoder decoder = new AmiFrameDecoder(false);

    List<Decoded> out =
        decoder.feed(
            "Event: Newstate\r\n\u0000garbage here\r\n\r\nEvent: Hangup\r\nCause: 16\r\n\r\n");

    assertThat(out).hasSize(2);
    assertThat(out.get(0)).isInstanceOf(Malformed.class);
    assertThat(((Malformed) out.get(0)).raw()).contains("garbage here");
    assertThat(((Frame) out.get(1)).frame().get("Cause")).contains("16");
  }

  @Test
  void repeated_keys_and_empty_values_survive_a_round_trip() {
    AmiFrame frame =
        AmiFrame.builder()
            .add("Action", "Originate")
            .add("Variable", "ATTEMPT_ID=42")
            .add("Variable", "CAMPAIGN=7")
            .add("AccountCode", "")
            .build();

    List<Decoded> out = new AmiFrameDecoder(false).feed(frame.encode());

    AmiFrame back = ((Frame) out.getFirst()).frame();
    assertThat(back).isEqualTo(frame);
    assertThat(back.getAll("variable")).containsExactly("ATTEMPT_ID=42", "CAMPAIGN=7");
  }
}
