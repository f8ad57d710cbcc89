/** The greeting when someone opens a direct chat with the bot (every platform says the same). */
export const welcomeText = (botName: string) => `您好，我是${botName}。发送“帮助”查看可以做什么；在群里请先 @我。`;
