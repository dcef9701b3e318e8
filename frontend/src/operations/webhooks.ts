import { graphql } from '../gql';

// The webhooks page's operations. A webhook comes with its latest
// deliveries (DELIVERIES_SHOWN of them).

export const WebhooksQuery = graphql(`
  query Webhooks($deliveries: Int!) {
    webhooks {
      ...WebhookFields
    }
  }
`);

export const WebhookFields = graphql(`
  fragment WebhookFields on Webhook {
    id url events createdAt
    deliveries(first: $deliveries) {
      totalCount
      edges { node { ...DeliveryFields } }
    }
  }
`);

export const DeliveryFields = graphql(`
  fragment DeliveryFields on WebhookDelivery {
    id event status attempts responseStatus createdAt deliveredAt
  }
`);

export const CreateWebhookMutation = graphql(`
  mutation CreateWebhook($input: CreateWebhookInput!, $deliveries: Int!) {
    createWebhook(input: $input) {
      secret
      webhook { ...WebhookFields }
    }
  }
`);

export const DeleteWebhookMutation = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id)
  }
`);

export const SendTestWebhookMutation = graphql(`
  mutation SendTestWebhook($id: ID!) {
    sendTestWebhook(id: $id) { ...DeliveryFields }
  }
`);
