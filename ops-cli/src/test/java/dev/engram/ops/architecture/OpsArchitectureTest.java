package dev.engram.ops.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.engram.core.testing.SqlOwnership;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CLI writes tenants, keys and policies through core's stores, never its own SQL, and starts the
 * apps without depending on their insides.
 */
class OpsArchitectureTest {

    private final JavaClasses ops = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.engram.ops");

    @Test
    void writesNoSqlOfItsOwn() {
        assertThat(SqlOwnership.violations(Path.of("src/main/java"))).isEmpty();
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.engram.core.sql..").check(ops);
    }

    @Test
    void reachesNoAppBeyondItsMainClass() {
        noClasses().should().dependOnClassesThat(
                        com.tngtech.archunit.base.DescribedPredicate.describe("an app's class other than its main class",
                                c -> (c.getPackageName().startsWith("dev.engram.ingest")
                                        || c.getPackageName().startsWith("dev.engram.generation")
                                        || c.getPackageName().startsWith("dev.engram.summary")
                                        || c.getPackageName().startsWith("dev.engram.processor"))
                                        && !c.getSimpleName().endsWith("Application")))
                .check(ops);
    }
}
