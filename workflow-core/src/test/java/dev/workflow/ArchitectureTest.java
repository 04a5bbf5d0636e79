package dev.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package structure the README describes, checked on the main classes: the public API does not
 * know the engine or the backends (except through its two entry points), the SPI does not know its
 * implementations, and no packages depend on each other in a circle.
 */
class ArchitectureTest {

	/** The entry points that assemble a runtime, so they may reach the engine and the backends. */
	private static final DescribedPredicate<JavaClass> ENTRY_POINTS = belongToAnyOf(WorkflowRuntime.class,
			WorkflowReplayer.class);

	private static final int MAX_LINES = 450;

	private static JavaClasses classes;

	@BeforeAll
	static void importMainClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.workflow");
	}

	@Test
	void publicApiDependsOnNeitherEngineNorBackends() {
		noClasses().that()
			.resideInAnyPackage("dev.workflow", "dev.workflow.history")
			.and(DescribedPredicate.not(ENTRY_POINTS))
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.workflow.engine..", "dev.workflow.backend..")
			.check(classes);
	}

	@Test
	void backendSpiDependsOnNoImplementationAndNotOnTheEngine() {
		noClasses().that()
			.resideInAPackage("dev.workflow.backend")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.workflow.backend.actors..", "dev.workflow.backend.sql..", "dev.workflow.engine..")
			.check(classes);
	}

	@Test
	void backendsDoNotDependOnTheEngine() {
		noClasses().that()
			.resideInAnyPackage("dev.workflow.backend..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.workflow.engine..")
			.check(classes);
	}

	@Test
	void engineUsesBackendsOnlyThroughTheSpi() {
		noClasses().that()
			.resideInAPackage("dev.workflow.engine..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.workflow.backend.actors..", "dev.workflow.backend.sql..")
			.check(classes);
	}

	/**
	 * No cycles between the packages. {@code dev.workflow} and {@code dev.workflow.history} count as
	 * one (events carry public types and the API exposes events); the entry points' own
	 * dependencies are left out, since assembling the engine and a backend is their job.
	 */
	@Test
	void packagesAreFreeOfCycles() {
		slices().assignedFrom(new Packages())
			.should()
			.beFreeOfCycles()
			.ignoreDependency(ENTRY_POINTS, DescribedPredicate.alwaysTrue())
			.check(classes);
	}

	/**
	 * Every main source file of every module stays at most {@value #MAX_LINES} lines: a class that
	 * grows past it does more than one job and is split along the flow.
	 */
	@Test
	void mainSourceFilesStaySmall() throws IOException {
		Path root = Path.of("..").toAbsolutePath().normalize();
		List<String> tooLong = new ArrayList<>();
		int checked = 0;
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))
				.filter(f -> root.relativize(f).toString().replace('\\', '/').matches("[^/]+/src/main/java/.*"))::iterator) {
				checked++;
				long lines = Files.readAllLines(file).size();
				if (lines > MAX_LINES) {
					tooLong.add(root.relativize(file) + " (" + lines + " lines)");
				}
			}
		}
		assertThat(checked).as("main source files found under " + root).isGreaterThan(100);
		assertThat(tooLong).as("main source files over " + MAX_LINES + " lines").isEmpty();
	}

	/** The slices of {@link #packagesAreFreeOfCycles()}: each package on its own, the public ones together. */
	private static final class Packages implements SliceAssignment {

		@Override
		public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
			String pkg = javaClass.getPackageName();
			if (pkg.equals("dev.workflow") || pkg.equals("dev.workflow.history")) {
				return SliceIdentifier.of("public API");
			}
			if (pkg.startsWith("dev.workflow.")) {
				return SliceIdentifier.of(pkg.substring("dev.workflow.".length()));
			}
			return SliceIdentifier.ignore();
		}

		@Override
		public String getDescription() {
			return "the packages of dev.workflow (dev.workflow and dev.workflow.history as one)";
		}

	}

}
