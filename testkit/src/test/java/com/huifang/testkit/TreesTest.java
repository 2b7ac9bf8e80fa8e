package com.huifang.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.huifang.postgres.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreesTest {

  @Test
  void a_tree_goes_with_everything_under_it_and_a_missing_one_is_no_error(@TempDir Path tmp)
      throws IOException {
    Path root = tmp.resolve("run");
    Files.createDirectories(root.resolve("a/b"));
    Files.writeString(root.resolve("a/b/c.wav"), "x");
    Files.writeString(root.resolve("top.txt"), "y");
    Path beside = Files.writeString(tmp.resolve("beside.txt"), "z");

    Trees.delete(root);
    Trees.delete(root);

    assertThat(root).doesNotExist();
    assertThat(beside).exists();
  }
}
