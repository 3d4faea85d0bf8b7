package io.arrears.infra.architecture;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A controller method without the roles it needs does not build: method security is the second lock. */
class EndpointRolesTest {

    static final ArchRule EVERY_ENDPOINT_NAMES_ITS_ROLES = methods()
            .that().areDeclaredInClassesThat().areAnnotatedWith(RestController.class)
            .and().areMetaAnnotatedWith(RequestMapping.class)
            .should().beAnnotatedWith(PreAuthorize.class)
            .because("every endpoint names the roles that may call it (security.EndpointRules holds the same)");

    @Test
    void everyControllerMethodNamesTheRolesThatMayCallIt() {
        EVERY_ENDPOINT_NAMES_ITS_ROLES.check(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.arrears"));
    }

    @Test
    void anEndpointWithoutRolesBreaksTheRule() {
        assertThatThrownBy(() -> EVERY_ENDPOINT_NAMES_ITS_ROLES.check(new ClassFileImporter()
                .importClasses(Unguarded.class))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Unguarded.anyone()");
    }

    @RestController
    static class Unguarded {

        @GetMapping("/api/v1/unguarded")
        String anyone() {
            return "open";
        }
    }
}
