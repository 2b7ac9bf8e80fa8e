package com.huifang.dialer.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The replay fixture itself: what it sends must be the capture, byte for byte. */
@Timeout(10)
class TranscriptAmiServerTest {

  @Test
  void originateIsAnsweredWithTheCapturedBytesAndOnlyTheIdsRewritten() throws Exception {
    var file = SharedAsterisk.dir().resolve("ami").resolve("1017_busy.txt");
    String raw = Files.readString(file);
    // independent of the server's parser: the frames as captured, AMI line ends, ids replaced
    String body = raw.substring(raw.indexOf("--- t="), raw.indexOf("\n\n# compact sequence"));
    String expected =
        (body.replaceAll("--- t=\\+[0-9.]+s\n", "\n").substring(1) + "\n\n")
            .replace("\n", "\r\n")
            .replace("ActionID: orig-1017_busy-1795327469\r\n", "ActionID: a1\r\n")
            .replace(": 1795327469.2\r\n", ": cid\r\n")
            .replace(": 1795327469.3\r\n", ": cid;2\r\n");

    try (TranscriptAmiServer server = new TranscriptAmiServer(List.of(AmiTranscript.read(file)));
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      assertThat(
              new String(
                  in.readNBytes(TranscriptAmiServer.BANNER.length()), StandardCharsets.UTF_8))
          .isEqualTo(TranscriptAmiServer.BANNER);
      out.write(
          ("Action: Originate\r\nActionID: a1\r\nChannel: Local/1017@outcomes\r\nChannelId: cid\r\n"
                  + "Variable: TRANSCRIPT=1017_busy\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      byte[] sent = in.readNBytes(expected.getBytes(StandardCharsets.UTF_8).length);

      assertThat(new String(sent, StandardCharsets.UTF_8)).isEqualTo(expected);
      assertThat(expected).contains("Uniqueid: cid;2\r\nLinkedid: cid\r\n");
    }
  }

  @Test
  void shufflingKeepsEveryFrameInItsMillisecond() {
    AmiTranscript t =
        AmiTranscript.read(SharedAsterisk.dir().resolve("ami").resolve("1021_rejected.txt"));
    List<AmiTranscript.Frame> frames = new ArrayList<>(t.frames());

    TranscriptAmiServer.shuffleWithinMillisecond(frames, new Random(3));

    assertThat(frames).isNotEqualTo(t.frames()).containsExactlyInAnyOrderElementsOf(t.frames());
    assertThat(frames.get(0)).isEqualTo(t.frames().get(0));
    assertThat(frames).extracting(AmiTranscript.Frame::offsetMillis).isSorted();
  }
}
