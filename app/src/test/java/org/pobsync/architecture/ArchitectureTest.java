package org.pobsync.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pobsync.Pobsync;

/**
 * The shape of the code, so it stays easy to change (docs/design.md, "Modules and packages"):
 * packages depend one way, the engine knows nothing of the application, and only the front ends
 * (web, api, cli) and the composition root know the front ends.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        // The engine arrives as a jar (the module's own or the reactor's): production classes
        // only, never the engine's test-jar or this module's test classes.
        ImportOption productionOnly = location -> !location.contains("/test-classes/")
                && !location.contains("-tests.jar");
        classes = new ClassFileImporter().withImportOption(productionOnly).importPackages("org.pobsync");
    }

    @Test
    void applicationPackagesAreFreeOfCycles() {
        slices().matching("org.pobsync.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void enginePackagesAreFreeOfCycles() {
        slices().assignedFrom(ENGINE_PACKAGES).should().beFreeOfCycles().check(classes);
    }

    @Test
    void engineDependsOnNothingOfTheApplication() {
        noClasses().that().resideInAPackage("org.pobsync.engine..")
                .should().dependOnClassesThat(resideInAPackage("org.pobsync..")
                        .and(not(resideInAPackage("org.pobsync.engine.."))))
                .check(classes);
    }

    @Test
    void engineUsesNeitherSpringNorADatabase() {
        noClasses().that().resideInAPackage("org.pobsync.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..",
                        "javax.sql..", "jakarta..")
                .check(classes);
    }

    @Test
    void onlyTheFrontEndsKnowTheFrontEnds() {
        noClasses().that(not(resideInAnyPackage(FRONT_ENDS)).and(not(type(Pobsync.class))))
                .should().dependOnClassesThat().resideInAnyPackage(FRONT_ENDS)
                .check(classes);
    }

    @Test
    void onlyFrontEndsKnowTheCompositionRoot() {
        noClasses().that(not(resideInAnyPackage(FRONT_ENDS)).and(not(resideInAPackage("org.pobsync.app.."))))
                .should().dependOnClassesThat().resideInAPackage("org.pobsync.app..")
                .check(classes);
    }

    /** The front ends; besides them only {@code Pobsync.main}, which starts the CLI, may call them. */
    private static final String[] FRONT_ENDS = {"org.pobsync.web..", "org.pobsync.api..", "org.pobsync.cli.."};

    /**
     * One slice per engine package, with the engine's root package (BackupEngine and its
     * request and result types) as a slice of its own, so a cycle through it is caught too.
     */
    private static final SliceAssignment ENGINE_PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            if (pkg.equals("org.pobsync.engine")) {
                return SliceIdentifier.of("engine");
            }
            if (pkg.startsWith("org.pobsync.engine.")) {
                return SliceIdentifier.of("engine." + pkg.substring("org.pobsync.engine.".length()).split("\\.")[0]);
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the engine's packages";
        }
    };
}
