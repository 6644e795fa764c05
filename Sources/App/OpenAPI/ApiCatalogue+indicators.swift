import Core
import Foundation

extension ApiCatalogue {
    static let indicators: [Op] = [
        .get(
            "/api/v1/indicators/catalog",
            "The indicator catalogue",
            reply: .json(of(IndicatorController.CatalogDTO.self))
        ).access(.open),
        .put(
            "/api/v1/indicators/catalog",
            "Replace the indicator catalogue",
            body: .json(of(IndicatorController.CatalogDTO.self)),
            reply: .json(of(IndicatorController.CatalogDTO.self))
        ),
        .post(
            "/api/v1/dataValueSets",
            "Report values (DHIS2 dataValueSets JSON)",
            body: .json(of(IndicatorController.ValueSetDTO.self)),
            reply: .json(of(IndicatorController.ImportSummary.self))
        ),
        .get(
            "/api/v1/dataValueSets",
            "Values as DHIS2 dataValueSets JSON",
            query: [.string("orgUnit"), .string("period"), .string("dataSet"), .string("dataElement")],
            reply: .json(of(IndicatorController.ValueSetDTO.self))
        ),
        .post(
            "/api/v1/dataValues.csv",
            "Report values as CSV",
            body: .media("text/csv"),
            reply: .json(of(IndicatorController.ImportSummary.self))
        ),
        .get(
            "/api/v1/dataValues.csv",
            "Values as CSV",
            query: [
                .string("orgUnit"), .string("dataElement"),
                Param(name: "children", schema: ["type": "string", "description": "true: the unit and all below it"]),
            ],
            reply: .csv
        ),
        .get(
            "/api/v1/dataSets",
            "Data sets (indicators reported together per period)",
            reply: .json(list(DataSet.self))
        ),
        .put(
            "/api/v1/dataSets",
            "Replace the data sets",
            body: .json(list(DataSet.self)),
            reply: .json(list(DataSet.self))
        ),
        .get(
            "/api/v1/completeness",
            "Reporting completeness of a unit",
            query: [.string("ou"), .string("dataSet"), .string("period")],
            reply: .json(of(Completeness.self))
        ),
        .put("/api/v1/indicators/targets", "Set targets", body: .json(list(Target.self)), reply: .empty),
        .get(
            "/api/v1/indicators/scorecard",
            "Targets against values for a unit",
            query: [.string("ou"), .string("period")],
            reply: .json(of(IndicatorController.ScorecardDTO.self))
        ),
        .get(
            "/api/v1/analytics",
            "Aggregated values (DHIS2 analytics dimensions)",
            query: [.string("dimension"), .string("filter")],
            reply: .json(of(AnalyticsController.Answer.self))
        ),
        .get(
            "/api/v1/analytics.csv",
            "Aggregated values as CSV",
            query: [.string("dimension"), .string("filter")],
            reply: .csv
        ),
    ]

    static let dti: [Op] = [
        .get("/api/v1/dti/frameworks", "DTI frameworks by year", reply: .json(list(DTIFramework.self))).access(.open),
        .put(
            "/api/v1/dti/frameworks",
            "Save a DTI framework",
            body: .json(of(DTIFramework.self)),
            reply: .json(of(DTIFramework.self))
        ),
        .post(
            "/api/v1/dti/assessments",
            "Start a self-assessment",
            body: .json(of(DTIController.StartInput.self)),
            reply: .json(of(DTIController.AssessmentDTO.self))
        ),
        .post(
            "/api/v1/dti/assessments/{id}/actions",
            "Submit, review or approve a self-assessment",
            body: .json(of(DTIController.ActionInput.self)),
            reply: .json(of(DTIController.AssessmentDTO.self))
        ),
        .get(
            "/api/v1/dti/ranking",
            "DTI ranking of units",
            query: [.integer("year"), .string("framework")],
            reply: .json(list(DTIRank.self))
        ).access(.open),
        .post(
            "/api/v1/dti/what-if",
            "The DTI if some indicators changed",
            body: .json(of(DTIController.WhatIfInput.self)),
            reply: .json(of(DTIController.WhatIfAnswer.self))
        ),
        .get(
            "/api/v1/dti/tasks",
            "Improvement tasks",
            query: [.integer("year"), .string("framework")],
            reply: .json(list(DTIController.TaskDTO.self))
        ),
        .post(
            "/api/v1/dti/tasks",
            "Create an improvement task",
            body: .json(of(DTIController.NewTask.self)),
            reply: .json(of(DTIController.TaskDTO.self))
        ),
        .post(
            "/api/v1/dti/tasks/{id}",
            "Update a task",
            body: .json(of(DTIController.TaskUpdate.self)),
            reply: .json(of(DTIController.TaskDTO.self))
        ),
        .post(
            "/api/v1/dti/evidence",
            "Upload an evidence file",
            body: .multipart(of(DTIController.EvidenceUpload.self)),
            reply: .json(of(DTIController.EvidenceDTO.self))
        ),
        .get("/api/v1/dti/evidence/{name}", "Download an evidence file", reply: .file("*/*")),
        .put(
            "/api/v1/dti/published-ranks",
            "Record the ministry's published ranks",
            body: .json(list(DTIPublishedRank.self)),
            reply: .json(of(IndicatorController.ImportSummary.self))
        ),
        .get(
            "/api/v1/dti/history",
            "DTI history of a unit",
            query: [.string("ou"), .string("framework"), .csvFormat],
            reply: .jsonOrCSV(anyJSON)
        ),
    ]

    static let ioc: [Op] = [
        .get(
            "/api/v1/ioc/analysis",
            "Monthly analysis reports",
            query: [.string("province")],
            reply: .json(list(IOCController.ReportSummary.self))
        ),
        .post(
            "/api/v1/ioc/analysis",
            "Run the analysis for a month",
            body: .json(of(IOCController.RunInput.self)),
            reply: .json(of(AnalysisReport.self))
        ),
        .get("/api/v1/ioc/analysis/{id}", "An analysis report", reply: .json(of(AnalysisReport.self))),
        .get("/api/v1/ioc/dashboards", "My dashboards", reply: .json(list(Dashboard.self))),
        .put(
            "/api/v1/ioc/dashboards",
            "Save a dashboard",
            body: .json(of(Dashboard.self)),
            reply: .json(of(Dashboard.self))
        ),
        .delete("/api/v1/ioc/dashboards/{id}", "Delete a dashboard"),
        .get(
            "/api/v1/alerts",
            "Alerts",
            query: [Param(name: "open", schema: ["type": "string", "description": "true: only open alerts"])],
            reply: .json(list(Alert.self))
        ),
        .get("/api/v1/alerts/rules", "Alert rules", reply: .json(list(AlertRule.self))),
        .put(
            "/api/v1/alerts/rules",
            "Save an alert rule",
            body: .json(of(AlertRule.self)),
            reply: .json(of(AlertRule.self))
        ),
        .delete("/api/v1/alerts/rules/{id}", "Delete an alert rule"),
        .post(
            "/api/v1/alerts/evaluate",
            "Evaluate the alert rules now",
            body: nil,
            reply: .json(of(IOCController.Evaluation.self))
        ),
        .post(
            "/api/v1/alerts/{id}/acknowledge",
            "Acknowledge an alert",
            body: .json(of(IOCController.Acknowledgement.self)),
            reply: .json(of(Alert.self))
        ),
    ]

    static let sharing: [Op] = [
        .post(
            "/api/v1/sharing/clients",
            "Register an agency system and issue its API key",
            body: .json(of(SharingController.NewClient.self)),
            reply: .json(of(SharingController.CreatedClient.self))
        ),
        .get("/api/v1/sharing/clients", "Registered systems", reply: .json(list(SharingController.ClientDTO.self))),
        .post(
            "/api/v1/sharing/clients/{id}/revoke",
            "Revoke a system's key",
            body: nil,
            reply: .json(of(SharingController.ClientDTO.self))
        ),
        .get(
            "/api/v1/sharing/calls",
            "The gateway's call log",
            query: [.string("client"), .limit, .csvFormat],
            reply: .jsonOrCSV(list(SharingController.CallDTO.self))
        ),
        .get(
            "/api/v1/security/systems",
            "Information systems and their security level",
            query: [.unit],
            reply: .json(list(InformationSystem.self))
        ),
        .post(
            "/api/v1/security/systems",
            "Record an information system",
            body: .json(of(SharingController.SystemInput.self)),
            reply: .json(of(InformationSystem.self))
        ),
        .delete("/api/v1/security/systems/{id}", "Remove an information system", query: [.string("province")]),
        .get("/api/v1/security/rule", "The province's compliance rule (public)", reply: .json(of(ComplianceRule.self)))
            .access(.open),
        .put(
            "/api/v1/security/rule",
            "Set the compliance rule",
            body: .json(of(ComplianceRule.self)),
            reply: .json(of(ComplianceRule.self))
        ),
        .get(
            "/api/v1/security/compliance",
            "Compliance of units",
            query: [.unit],
            reply: .json(list(SharingController.ComplianceDTO.self))
        ),
    ]
}
