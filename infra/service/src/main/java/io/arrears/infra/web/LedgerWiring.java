package io.arrears.infra.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.mongodb.client.MongoDatabase;
import io.arrears.command.account.BorrowerContacts;
import io.arrears.command.account.ContactPolicy;
import io.arrears.command.account.LedgerClock;
import io.arrears.command.api.AccountCommandController;
import io.arrears.command.api.CollectionsCommandController;
import io.arrears.command.api.EventPositions;
import io.arrears.infra.audit.AuditController;
import io.arrears.infra.audit.AuditTrailReader;
import io.arrears.infra.audit.ChainVerifier;
import io.arrears.infra.audit.ProjectionChecksums;
import io.arrears.infra.audit.ProjectionRebuild;
import io.arrears.infra.audit.ProjectionSwitch;
import io.arrears.infra.audit.TimeTravelController;
import io.arrears.infra.eventstore.AnchorSink;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.ChainSealer;
import io.arrears.infra.eventstore.CommitPositions;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.infra.eventstore.StoredForm;
import io.arrears.infra.mongo.StreamEventLog;
import io.arrears.infra.privacy.MongoPersonalDataAccessLog;
import io.arrears.infra.privacy.MongoPersonalDataVault;
import io.arrears.infra.privacy.PersonalDataAccessController;
import io.arrears.infra.reconciliation.Reconciliation;
import io.arrears.infra.reconciliation.ReconciliationController;
import io.arrears.infra.serialization.SerializationConfiguration;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.account.PersonalDataVault;
import io.arrears.query.account.AccountViewProjection;
import io.arrears.query.account.AccountViews;
import io.arrears.query.api.AccountQueryController;
import io.arrears.query.api.ConsistencyGate;
import io.arrears.query.api.ReportController;
import io.arrears.query.audit.AuditTrail;
import io.arrears.query.audit.AuditTrailProjection;
import io.arrears.query.contact.BorrowerContactLog;
import io.arrears.query.contact.BorrowerContactsProjection;
import io.arrears.query.penalty.PenaltyLedger;
import io.arrears.query.penalty.PenaltyLedgerProjection;
import io.arrears.query.report.PortfolioReportProjection;
import io.arrears.query.report.PortfolioReports;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Assembles the plain classes of command-side and query-side into the application. */
@Configuration(proxyBeanMethods = false)
public class LedgerWiring {

    @Bean
    public EventPositions eventPositions(MongoDatabase database, MongoCommitEventStorageEngine engine) {
        return new CommitPositions(database, engine)::positionOf;
    }

    @Bean
    public AccountCommandController accountCommandController(CommandGateway commandGateway,
                                                             EventPositions eventPositions) {
        return new AccountCommandController(commandGateway, eventPositions);
    }

    @Bean
    public CollectionsCommandController collectionsCommandController(CommandGateway commandGateway,
                                                                     EventPositions eventPositions) {
        return new CollectionsCommandController(commandGateway, eventPositions);
    }

    @Bean
    public AccountViewProjection accountViewProjection(MongoDatabase database) {
        return new AccountViewProjection(database);
    }

    @Bean
    public AuditTrailProjection auditTrailProjection(MongoDatabase database) {
        return new AuditTrailProjection(database, StoredForm.mapper());
    }

    @Bean
    public PenaltyLedgerProjection penaltyLedgerProjection(MongoDatabase database) {
        return new PenaltyLedgerProjection(database);
    }

    @Bean
    public BorrowerContactsProjection borrowerContactsProjection(MongoDatabase database) {
        return new BorrowerContactsProjection(database);
    }

    @Bean
    public PortfolioReportProjection portfolioReportProjection(MongoDatabase database) {
        return new PortfolioReportProjection(database);
    }

    @Bean
    public ReportController reportController(MongoDatabase database, LedgerClock ledgerClock) {
        return new ReportController(new PortfolioReports(database, ledgerClock.zone()), ledgerClock::today);
    }

    /** The account asks the read model for the borrower's contacts on their other accounts. */
    @Bean
    public BorrowerContacts borrowerContacts(MongoDatabase database) {
        BorrowerContactLog log = new BorrowerContactLog(database);
        return (borrowerId, account, since) -> log.since(borrowerId, account.value(), since).stream()
                .map(entry -> new ContactPolicy.Contact(ContactChannel.valueOf(entry.channel()),
                        ContactDirection.valueOf(entry.direction()), ContactOutcome.valueOf(entry.outcome()),
                        entry.occurredAt()))
                .toList();
    }

    /** Borrowers' keys, for sealing personal data in events and reading it back until it is erased. */
    @Bean
    public PersonalDataVault personalDataVault(MongoDatabase database) {
        return new MongoPersonalDataVault(database);
    }

    /** Who was shown which borrower's personal data in plaintext. */
    @Bean
    public MongoPersonalDataAccessLog personalDataAccessLog(MongoDatabase database) {
        return new MongoPersonalDataAccessLog(database, java.time.Clock.systemUTC());
    }

    @Bean
    public AccountQueryController accountQueryController(MongoDatabase database, PersonalDataVault vault,
                                                         MongoPersonalDataAccessLog accessLog) {
        return new AccountQueryController(new AccountViews(database), new AuditTrail(database),
                new PenaltyLedger(database), new ConsistencyGate(new StreamEventLog(database)), vault, accessLog);
    }

    @Bean
    public PersonalDataAccessController personalDataAccessController(MongoPersonalDataAccessLog accessLog) {
        return new PersonalDataAccessController(accessLog);
    }

    @Bean
    public AuditController auditController(MongoDatabase database, MongoCommitEventStorageEngine storageEngine,
                                           org.axonframework.eventhandling.tokenstore.TokenStore tokenStore,
                                           AuditKeyring auditKeyring, AnchorSink anchorSink,
                                           ChainSealer chainSealer) {
        return new AuditController(new ChainVerifier(database, auditKeyring, java.time.Clock.systemUTC()),
                new AuditTrailReader(database),
                new ProjectionChecksums(database), new ProjectionRebuild(database, storageEngine),
                new ProjectionSwitch(database, storageEngine, tokenStore, java.time.Clock.systemUTC()), anchorSink,
                chainSealer, database, auditKeyring);
    }

    @Bean
    public TimeTravelController timeTravelController(MongoCommitEventStorageEngine storageEngine,
                                                     EventPositions eventPositions, LedgerClock ledgerClock) {
        return new TimeTravelController(storageEngine, eventPositions, ledgerClock.zone());
    }

    @Bean
    public Reconciliation reconciliation(MongoDatabase database, MongoCommitEventStorageEngine storageEngine) {
        return new Reconciliation(database, storageEngine, new AccountViews(database));
    }

    @Bean
    public ReconciliationController reconciliationController(Reconciliation reconciliation, MongoDatabase database) {
        return new ReconciliationController(reconciliation, new ConsistencyGate(new StreamEventLog(database)),
                new AccountViews(database));
    }

    /** Answers go out whole, with their length (see {@link WholeAnswers}); first, so every writer meets it. */
    @Bean
    public FilterRegistrationBean<WholeAnswers> wholeAnswers() {
        FilterRegistrationBean<WholeAnswers> registration = new FilterRegistrationBean<>(new WholeAnswers());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Tomcat's own refusals answer with a problem document too. */
    @Bean
    public org.springframework.boot.web.server.WebServerFactoryCustomizer<
            org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof org.apache.catalina.Host host) {
                ((org.apache.catalina.core.StandardHost) host).setErrorReportValveClass(
                        ProblemErrorReportValve.class.getName());
            }
        });
    }

    /**
     * The HTTP mapper is strict: a number where the API wants a decimal string, or a field the API
     * does not know, is a 400 rather than a guess.
     */
    @Bean
    public Jackson2ObjectMapperBuilderCustomizer strictRequests() {
        return builder -> builder
                .featuresToEnable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .postConfigurer(mapper -> mapper.coercionConfigFor(LogicalType.Textual)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
