package com.huifang.dialer.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.dialer.config.AmiEndpoint;
import com.huifang.dialer.config.ConfigLoader;
import com.huifang.dialer.config.DialerConfig;
import com.huifang.dialer.config.PbxSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment in {@code docker/} must agree with itself and with the dialer: users, ports,
 * secrets, dial patterns, dialplan contexts and the shared recordings directory.
 */
class DeploymentFilesTest {

  private static Path docker;
  private static Map<String, Object> compose;
  private static DialerConfig config;
  private static PbxSettings pbx;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void read() throws IOException {
    docker = findDockerDir();
    try (Reader r = Files.newBufferedReader(docker.resolve("compose.yaml"))) {
      compose = (Map<String, Object>) new Yaml().load(r);
    }
    config =
        ConfigLoader.load(
            Optional.of(docker.resolve("dialer/config.json")),
            Map.of("DIALER_PG_URL", "postgresql://dialer:x@postgres:5432/dialer"));
    pbx = config.pbxs().getFirst();
  }

  @Test
  void compose_runs_postgres_asterisk_and_the_dialer() {
    assertThat(services().keySet()).containsExactlyInAnyOrder("postgres", "asterisk", "dialer");
  }

  @Test
  void the_dialer_reaches_postgres_with_the_database_compose_creates() {
    Map<String, Object> pg = env("postgres");
    String url = (String) env("dialer").get("DIALER_PG_URL");

    assertThat(url)
        .isEqualTo(
            "postgresql://"
                + pg.get("POSTGRES_USER")
                + ":${PG_PASSWORD}@postgres:5432/"
                + pg.get("POSTGRES_DB"));
  }

  @Test
  void ami_user_port_and_secret_agree_between_asterisk_and_the_dialer() throws IOException {
    AsteriskConf manager = AsteriskConf.read(docker.resolve("asterisk/conf/manager.conf"));
    AmiEndpoint ami = pbx.ami().orElseThrow();

    assertThat(ami.host()).isEqualTo("asterisk");
    assertThat(manager.only("general").first("port")).contains(Integer.toString(ami.port()));
    assertThat(manager.only("general").first("enabled")).contains("yes");
    AsteriskConf.Section user = manager.only(ami.user());
    assertThat(user.first("secret")).contains("${AMI_SECRET}");
    assertThat(user.first("read")).contains("all");
    assertThat(user.first("write")).contains("all");
    assertThat(env("dialer").get("DIALER_PBXS_0_AMI_SECRET")).isEqualTo("${AMI_SECRET}");
    assertThat((String) env("asterisk").get("AMI_SECRET")).startsWith("${AMI_SECRET");
    assertThat(list(services().get("asterisk"), "expose")).contains(Integer.toString(ami.port()));
  }

  @Test
  void the_dial_patterns_name_a_carrier_trunk_and_agent_endpoints_that_exist() throws IOException {
    AsteriskConf pjsip = AsteriskConf.read(docker.resolve("asterisk/conf/pjsip.conf"));

    assertThat(pbx.customerChannel("13800001017")).isEqualTo("PJSIP/13800001017@carrier");
    assertThat(pjsip.typed("carrier", "endpoint")).isPresent();
    assertThat(pjsip.typed("carrier", "aor").orElseThrow().first("contact"))
        .contains("sip:${CARRIER_HOST}:5060");
    assertThat(pbx.agentChannel("2001")).isEqualTo("PJSIP/2001");
    for (String ext : List.of("2001", "2002", "2003", "2004", "2005")) {
      assertThat(pjsip.named(ext)).as("agent " + ext).hasSize(3);
    }
  }

  @Test
  void the_dialplan_has_the_contexts_the_dialer_moves_calls_through() throws IOException {
    AsteriskConf extensions = AsteriskConf.read(docker.resolve("asterisk/conf/extensions.conf"));

    assertThat(extensions.only("dialer-outbound").values().get("exten")).isNotEmpty();
    assertThat(extensions.only("dialer-agents").values().get("same"))
        .anySatisfy(s -> assertThat(s).contains("Dial(PJSIP/${EXTEN}"));
    // an agent's phone that does not answer leaves the customer waiting, not hung up
    assertThat(extensions.only("dialer-agents").values().get("same"))
        .last()
        .satisfies(s -> assertThat(s).contains("Goto(dialer-outbound,s,"));
    // PREVIEW: the agent rung first waits in the dialplan for the customer to be bridged in
    assertThat(extensions.only("dialer-preview").values().get("same"))
        .anySatisfy(s -> assertThat(s).contains("Wait("));
    assertThat(extensions.only("dialer-abandon").values().get("same"))
        .anySatisfy(s -> assertThat(s).contains("Playback("));
  }

  @Test
  void recordings_are_one_volume_mounted_where_the_dialer_looks_for_them() throws IOException {
    String mount = "recordings:" + pbx.recordingsDir();

    assertThat(list(services().get("asterisk"), "volumes")).contains(mount);
    assertThat(list(services().get("dialer"), "volumes")).contains(mount);
    assertThat(Files.readString(docker.resolve("asterisk/Dockerfile")))
        .contains("groupadd --gid 10001 recordings")
        .contains("chmod 2775 " + pbx.recordingsDir());
    assertThat(Files.readString(docker.resolve("Dockerfile"))).contains("--gid 10001");
  }

  @Test
  void the_published_rtp_ports_are_those_asterisk_uses() throws IOException {
    AsteriskConf rtp = AsteriskConf.read(docker.resolve("asterisk/conf/rtp.conf"));
    String range =
        rtp.only("general").first("rtpstart").orElseThrow()
            + "-"
            + rtp.only("general").first("rtpend").orElseThrow();

    assertThat(list(services().get("asterisk"), "ports")).contains(range + ":" + range + "/udp");
  }

  @Test
  void every_secret_the_asterisk_templates_use_is_given_to_the_container() throws IOException {
    String entrypoint = Files.readString(docker.resolve("asterisk/entrypoint.sh"));
    for (String var : List.of("AMI_SECRET", "ARI_PASSWORD", "AGENT_PASSWORD", "CARRIER_HOST")) {
      assertThat(env("asterisk")).containsKey(var);
      assertThat(entrypoint).contains("${" + var + "}");
    }
  }

  @Test
  void the_two_node_examples_load_and_share_the_same_pbxs_under_different_node_ids() {
    DialerConfig a =
        ConfigLoader.load(Optional.of(docker.resolve("examples/node-a.json")), Map.of());
    DialerConfig b =
        ConfigLoader.load(Optional.of(docker.resolve("examples/node-b.json")), Map.of());

    assertThat(a.nodeId()).isNotEqualTo(b.nodeId());
    assertThat(a.pbxs()).hasSize(2).isEqualTo(b.pbxs());
    assertThat(a.pgUrl()).isEqualTo(b.pgUrl());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> services() {
    return (Map<String, Object>) compose.get("services");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> env(String service) {
    return (Map<String, Object>) ((Map<String, Object>) services().get(service)).get("environment");
  }

  @SuppressWarnings("unchecked")
  private static List<String> list(Object service, String key) {
    return (List<String>) ((Map<String, Object>) service).get(key);
  }

  private static Path findDockerDir() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("docker/compose.yaml"))) {
        return p.resolve("docker");
      }
    }
    throw new IllegalStateException(
        "docker/compose.yaml not found above " + Path.of("").toAbsolutePath());
  }
}
