export { automationRisk, type Decision, type TAutomationRiskResult } from './automationRisk.js';
export { type AutomationRiskCurve, automationRiskCurve } from './automationRiskCurve.js';
export { policyAgreement, type TPolicyAgreementResult } from './policyAgreement.js';
