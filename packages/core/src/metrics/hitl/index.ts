export { automationRisk, type Decision, type TAutomationRiskResult } from './automationRisk.js';
export { policyAgreement, type TPolicyAgreementResult } from './policyAgreement.js';
