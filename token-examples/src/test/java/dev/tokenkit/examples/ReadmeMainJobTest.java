package dev.tokenkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's two set-up commands are the ones this module's build and tests stand behind. */
class ReadmeMainJobTest {

  @Test
  void buildAndTestSectionHasExactlyTheTwoCommands() throws Exception {
    List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
    int section = readme.indexOf("## Build and test");
    assertThat(section).isNotNegative();
    int open = section;
    while (!readme.get(open).equals("```sh")) {
      open++;
    }
    int close = open + 1;
    while (!readme.get(close).equals("```")) {
      close++;
    }
    assertThat(readme.subList(open + 1, close))
        .containsExactly(
            "./mvnw -B -q -pl token-examples -am package -DskipTests"
                + " && java -jar token-examples/target/tokenkit-demo.jar tour",
            "./mvnw -B verify");
    // The jar that command runs is the one this module's build makes, with DemoMain as its main.
    String pom = Files.readString(Path.of("pom.xml"));
    assertThat(pom)
        .contains("<finalName>tokenkit-demo</finalName>")
        .contains("<mainClass>" + DemoMain.class.getName() + "</mainClass>");
    assertThat(Files.readString(Path.of("..", ".ci", "run"))).contains("./mvnw -B verify");
  }
}
